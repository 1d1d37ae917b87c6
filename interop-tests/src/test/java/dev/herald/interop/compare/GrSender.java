package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import java.time.Duration;

/**
 * One sender of the graceful-restart scenario, on the speaker side of its own lab link, holding
 * the {@link BulkSet}: started once, then killed with SIGKILL and started again in its restarting
 * mode (graceful restart R bit), reloading the whole set.
 */
interface GrSender extends AutoCloseable {
    /** The version its binary reports, e.g. "2.17.6". */
    String version();

    /**
     * Starts the sender: the first time ({@code restart} false) or after {@link #kill9} in its
     * graceful-restart restarting mode. Returns once the process is spawned, or for a sender whose
     * routes are loaded by a separate step (GoBGP's MRT inject), once that step is done.
     */
    void start(boolean restart);

    /** The BGP process of the latest {@link #start}; null before the first. */
    Daemon process();

    /** SIGKILL the sender's BGP process: a crash, no NOTIFICATION, the TCP connection reset. */
    default void kill9() {
        process().kill9();
    }

    /** Stops the BGP process, if started: SIGTERM, SIGKILL after 20 s. */
    @Override
    default void close() {
        Daemon d = process();
        if (d != null) {
            d.stop(Duration.ofSeconds(20));
        }
    }
}
