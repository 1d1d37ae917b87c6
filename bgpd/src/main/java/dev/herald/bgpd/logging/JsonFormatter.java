package dev.herald.bgpd.logging;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, for log shippers:
 * {@code {"time":"2026-11-22T10:00:00.123Z","level":"INFO","logger":"daemon","message":"..."}},
 * plus {@code "exception"} (the causes in one line) and, at ERROR, {@code "stack_trace"}.
 * The fields keep the text format's names and values, so one grep pattern finds both.
 */
public final class JsonFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder(160).append("{\"time\":\"");
        TIME.formatTo(record.getInstant(), sb);
        sb.append("\",\"level\":\"").append(LogLevel.label(record.getLevel()));
        sb.append("\",\"logger\":");
        string(sb, LineFormatter.component(record.getLoggerName()));
        sb.append(",\"message\":");
        string(sb, formatMessage(record));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            sb.append(",\"exception\":");
            string(sb, LineFormatter.causes(thrown));
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                sb.append(",\"stack_trace\":");
                string(sb, LineFormatter.stackTrace(thrown));
            }
        }
        return sb.append('}').append(System.lineSeparator()).toString();
    }

    /** A JSON string (RFC 8259): quotes, backslashes and every control character escaped. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
        }
        sb.append('"');
    }
}
