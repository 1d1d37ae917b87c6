package dev.herald.bgpd.cli;

/**
 * Process exit codes. An invalid config (1) is kept apart from a crash (70) so a service
 * manager can refuse to restart the former and restart the latter.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INVALID_CONFIG = 1;
    public static final int USAGE = 2;
    /** The admin socket cannot be reached: herald is not running, or the socket is not ours to open. */
    public static final int UNREACHABLE = 3;
    /** No such peer (or prefix). */
    public static final int NOT_FOUND = 4;
    /** EX_OSERR from sysexits.h: the host refused what herald needs to start (router.listen cannot be bound). */
    public static final int CANNOT_START = 71;
    /** EX_TEMPFAIL from sysexits.h: herald shutdown was accepted, but the process still runs after --timeout. */
    public static final int STILL_RUNNING = 75;
    /** EX_SOFTWARE from sysexits.h: an unexpected exception, i.e. a bug. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
