package dev.herald.bgpd.daemon;

import sun.misc.Signal;

/**
 * SIGTERM, SIGINT and SIGHUP as events rather than JVM exits, so that the daemon stops on its own
 * thread and exits with status 0, and a reload never kills it. (sun.misc.Signal is in
 * jdk.unsupported, which is exported for exactly this.) The two stops mean different things: see
 * docs/adr/0003-stop-semantics.md.
 *
 * <p>All three are installed together, before any source or session starts: a signal that
 * arrives while herald starts must reach this daemon, not the JVM's default handler (which exits
 * on SIGHUP) or whatever handler an earlier daemon in the same JVM left behind.
 */
final class ProcessSignals {
    private ProcessSignals() {
    }

    /**
     * @param onTerm SIGTERM: stop for a restart (peers keep the routes as stale)
     * @param onInt  SIGINT: stop for good (withdraw, Cease/Administrative Shutdown)
     * @param onHup  SIGHUP: reload; must not block (the JVM's signal dispatcher runs it)
     */
    static void install(Runnable onTerm, Runnable onInt, Runnable onHup) {
        Signal.handle(new Signal("TERM"), s -> onTerm.run());
        Signal.handle(new Signal("INT"), s -> onInt.run());
        Signal.handle(new Signal("HUP"), s -> onHup.run());
    }
}
