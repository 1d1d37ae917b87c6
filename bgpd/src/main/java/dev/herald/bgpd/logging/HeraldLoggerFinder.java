package dev.herald.bgpd.logging;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Serves herald's System.Logger calls itself instead of through java.util.logging: JUL's own
 * shutdown hook removes every handler while herald's shutdown hook is still closing sessions,
 * and the lines that say how herald stopped would be lost. Found by ServiceLoader
 * (META-INF/services/java.lang.System$LoggerFinder).
 */
public final class HeraldLoggerFinder extends System.LoggerFinder {
    private static volatile java.util.logging.Formatter format = new LineFormatter();
    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    /** Sets the level, the format and the stream for every herald logger. */
    static void configure(Level level, java.util.logging.Formatter formatter, PrintStream stream) {
        threshold = level;
        format = formatter;
        out = stream;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new LineLogger(name);
    }

    static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.FINEST;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    private record LineLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            java.util.logging.Level jul = julLevel(level);
            return jul != java.util.logging.Level.OFF && jul.intValue() >= threshold.intValue();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                write(level, msg, null, thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                write(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                        null, null);
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                write(level, msgSupplier.get(), null, null);
            }
        }

        private void write(Level level, String msg, Object[] params, Throwable thrown) {
            LogRecord r = new LogRecord(julLevel(level), msg);
            r.setLoggerName(name);
            r.setParameters(params);
            r.setThrown(thrown);
            String line = format.format(r);
            PrintStream o = out;
            synchronized (o) {
                o.print(line);
                o.flush();
            }
        }
    }
}
