package dev.herald.bgpd.daemon;

/** Placeholder until the daemon wiring lands: owns the process's event loop, RIB and sessions. */
public final class Daemon {
    private Daemon() {
    }
}
