package dev.herald.bgpd.daemon;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as events rather than JVM exits, so that the daemon stops on its own thread
 * and exits with status 0. (sun.misc.Signal is in jdk.unsupported, which is exported for exactly
 * this.) The two mean different stops: see docs/adr/0003-stop-semantics.md.
 */
final class StopSignals {
    private StopSignals() {
    }

    /**
     * @param onTerm SIGTERM: stop for a restart (peers keep the routes as stale)
     * @param onInt  SIGINT: stop for good (withdraw, Cease/Administrative Shutdown)
     */
    static void onStop(Runnable onTerm, Runnable onInt) {
        Signal.handle(new Signal("TERM"), s -> onTerm.run());
        Signal.handle(new Signal("INT"), s -> onInt.run());
    }
}
