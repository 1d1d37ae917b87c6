package dev.herald.interop.compare;

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

    /** SIGKILL the sender's BGP process: a crash, no NOTIFICATION, the TCP connection reset. */
    void kill9();

    @Override
    void close();
}
