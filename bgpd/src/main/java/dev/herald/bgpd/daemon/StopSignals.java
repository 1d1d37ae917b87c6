package dev.herald.bgpd.daemon;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as events rather than JVM exits, so that the daemon closes its sessions on
 * its own thread and exits with status 0. (sun.misc.Signal is in jdk.unsupported, which is
 * exported for exactly this.)
 */
final class StopSignals {
    private StopSignals() {
    }

    static void onStop(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
        Signal.handle(new Signal("INT"), s -> action.run());
    }
}
