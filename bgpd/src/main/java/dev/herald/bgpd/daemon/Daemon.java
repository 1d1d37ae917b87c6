package dev.herald.bgpd.daemon;

/** Placeholder until the daemon wiring lands: owns the process's event loop, RIB and sessions. */
public final class Daemon {
    private Daemon() {
    }

    public static int run(dev.herald.config.HeraldConfig config) {
        throw new UnsupportedOperationException("daemon not wired yet");
    }
}
