package dev.herald.bgpd.logging;

import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes System.Logger (backed by java.util.logging) and Netty's JDK logger to stderr, one
 * line per event, where systemd's journal picks it up (see {@link LogFormat}).
 */
public final class Logging {
    private Logging() {
    }

    /** Replaces JUL's configuration: everything at or above level goes to stderr. */
    public static void install(LogLevel level) {
        install(level, LogFormat.AUTO);
    }

    /** Replaces JUL's configuration: everything at or above level goes to stderr in this format. */
    public static void install(LogLevel level, LogFormat format) {
        install(level, format.formatter(), System.err);
    }

    static void install(LogLevel level, java.util.logging.Formatter formatter, PrintStream out) {
        HeraldLoggerFinder.configure(level.julLevel(), formatter, out);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level.julLevel());
        root.addHandler(new FlushingHandler(out, formatter));
        // Netty's DEBUG output is about its own internals (allocator sizes, native loading);
        // only show it when the operator asked for everything.
        Logger.getLogger("io.netty").setLevel(level == LogLevel.TRACE ? Level.ALL : maxOf(level.julLevel(), Level.INFO));
    }

    private static Level maxOf(Level a, Level b) {
        return a.intValue() >= b.intValue() ? a : b;
    }

    /** Flushes every record: a daemon killed mid-buffer must not lose its last words. */
    private static final class FlushingHandler extends StreamHandler {
        FlushingHandler(PrintStream out, java.util.logging.Formatter formatter) {
            super(out, formatter);
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        /** Never close stderr, only flush it: other code still writes there. */
        @Override
        public synchronized void close() {
            flush();
        }
    }
}
