package dev.herald.bgpd.logging;

import java.util.logging.Level;

/** The levels an operator chooses from, named as in System.Logger rather than JUL's FINE/FINER. */
public enum LogLevel {
    ERROR(Level.SEVERE),
    WARN(Level.WARNING),
    INFO(Level.INFO),
    DEBUG(Level.FINE),
    TRACE(Level.FINEST);

    private final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    public Level julLevel() {
        return julLevel;
    }

    /** The syslog priority of a JUL level (3 err, 4 warning, 6 info, 7 debug), for journald. */
    static int syslogPriority(Level level) {
        return switch (label(level)) {
            case "ERROR" -> 3;
            case "WARN" -> 4;
            case "INFO" -> 6;
            default -> 7;
        };
    }

    /** The label printed for a JUL level: System.Logger's names, so lines match the code that logged them. */
    static String label(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}
