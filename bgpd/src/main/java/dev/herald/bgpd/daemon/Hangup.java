package dev.herald.bgpd.daemon;

import java.lang.System.Logger.Level;

/**
 * Where SIGHUP goes. The signal handler is installed before the daemon starts (see
 * {@link ProcessSignals}), but the reload it asks for needs the admin side, which is attached only
 * once sources and sessions run. A SIGHUP in between is kept and carried out as soon as a reload
 * action is attached: the file may well have changed since herald read it. After {@link #detach}
 * (herald is stopping) a SIGHUP is logged and ignored.
 */
final class Hangup {
    private static final System.Logger LOG = System.getLogger("daemon");

    private enum State { STARTING, ATTACHED, STOPPING }

    private State state = State.STARTING;
    private Runnable reload;
    private boolean pending;

    /** From the signal handler: must not block, so the reload runs on a thread of its own. */
    synchronized void signalled() {
        switch (state) {
            case STARTING -> {
                if (!pending) {
                    LOG.log(Level.INFO, "SIGHUP while starting: reloading once herald runs");
                }
                pending = true;
            }
            case ATTACHED -> start(reload);
            case STOPPING -> LOG.log(Level.INFO, "SIGHUP while stopping: ignored");
        }
    }

    /** Attaches the reload action; a SIGHUP that came during start-up is carried out now. */
    synchronized void attach(Runnable action) {
        if (state == State.STOPPING) {
            return;
        }
        reload = action;
        state = State.ATTACHED;
        if (pending) {
            pending = false;
            start(action);
        }
    }

    synchronized void detach() {
        state = State.STOPPING;
        reload = null;
        pending = false;
    }

    private static void start(Runnable action) {
        Thread.ofVirtual().name("reload").start(action);
    }
}
