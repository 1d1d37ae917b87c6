package dev.herald.bgpd.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per event: {@code 2026-11-22T10:00:00.123Z INFO  [fsm.Session] message}.
 *
 * <p>For the journal ({@link #forJournal}) the timestamp is left out, since journald stamps
 * every line itself, and each line starts with its syslog priority ({@code <6>} for INFO, as
 * sd-daemon(3) defines), so that {@code journalctl -p warning} finds herald's warnings.
 *
 * <p>journald and grep treat each line as one event, so a message's own line breaks are
 * escaped. An exception logged below ERROR is expected (a peer reset the connection) and is
 * summarised on the same line; an exception at ERROR is a bug and gets its stack trace.
 */
public final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String OWN_PREFIX = "dev.herald.";

    private final boolean journal;

    /** With a timestamp, for a terminal or a file. */
    public LineFormatter() {
        this(false);
    }

    private LineFormatter(boolean journal) {
        this.journal = journal;
    }

    /** Without a timestamp, each line prefixed with its syslog priority: for stderr connected to journald. */
    public static LineFormatter forJournal() {
        return new LineFormatter(true);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder(128);
        String priority = journal ? "<" + LogLevel.syslogPriority(record.getLevel()) + ">" : "";
        if (journal) {
            sb.append(priority);
        } else {
            TIME.formatTo(record.getInstant(), sb);
            sb.append(' ');
        }
        String label = LogLevel.label(record.getLevel());
        sb.append(label).append(" ".repeat(6 - label.length()));
        sb.append('[').append(component(record.getLoggerName())).append("] ");
        sb.append(oneLine(formatMessage(record)));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                String trace = stackTrace(thrown);
                if (journal) { // journald makes each line an entry: keep them all at the same priority
                    trace = priority + trace.replace("\n", "\n" + priority);
                }
                sb.append(System.lineSeparator()).append(trace);
            } else {
                sb.append(": ").append(oneLine(causes(thrown)));
            }
        }
        return sb.append(System.lineSeparator()).toString();
    }

    /** Our own loggers without the common prefix; libraries (io.netty...) keep their full name. */
    static String component(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "root";
        }
        return loggerName.startsWith(OWN_PREFIX) ? loggerName.substring(OWN_PREFIX.length()) : loggerName;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            sb.append(" (caused by ").append(c).append(')');
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().stripTrailing();
    }
}
