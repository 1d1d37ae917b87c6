package dev.herald.bgpd.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class LineFormatterTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00.123Z");

    private static String format(Level level, String logger, String message, Throwable thrown, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(T);
        r.setLoggerName(logger);
        r.setThrown(thrown);
        r.setParameters(params.length == 0 ? null : params);
        return new LineFormatter().format(r);
    }

    @Test
    void oneLineWithTimestampLevelAndComponent() {
        assertEquals("2026-11-22T10:00:00.123Z INFO  [fsm.Session] peer tor1 Established" + System.lineSeparator(),
                format(Level.INFO, "dev.herald.fsm.Session", "peer {0} Established", null, "tor1"));
    }

    @Test
    void millisecondsAreAlwaysPrinted() {
        LogRecord r = new LogRecord(Level.WARNING, "x");
        r.setInstant(Instant.parse("2026-11-22T10:00:00Z"));
        r.setLoggerName("io.netty.channel.X");
        assertEquals("2026-11-22T10:00:00.000Z WARN  [io.netty.channel.X] x" + System.lineSeparator(),
                new LineFormatter().format(r));
    }

    @Test
    void levelsUseSystemLoggerNames() {
        assertTrue(format(Level.SEVERE, "a", "m", null).contains(" ERROR [a] m"));
        assertTrue(format(Level.FINE, "a", "m", null).contains(" DEBUG [a] m"));
        assertTrue(format(Level.FINEST, "a", "m", null).contains(" TRACE [a] m"));
    }

    @Test
    void lineBreaksInMessagesAreEscaped() {
        String line = format(Level.INFO, "a", "two\nlines", null);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("two\\nlines"), line);
    }

    @Test
    void expectedExceptionsStayOnOneLine() {
        String line = format(Level.WARNING, "a", "connect failed", new IOException("refused", new IOException("inner")));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("connect failed: java.io.IOException: refused (caused by java.io.IOException: inner)"), line);
    }

    @Test
    void errorsWithAnExceptionCarryTheStackTrace() {
        String text = format(Level.SEVERE, "a", "bug", new IllegalStateException("boom"));
        assertTrue(text.lines().count() > 2, text);
        assertTrue(text.lines().skip(1).findFirst().orElseThrow().startsWith("java.lang.IllegalStateException: boom"));
    }

    @Test
    void journalLinesHaveAPriorityAndNoTimestamp() {
        LogRecord r = new LogRecord(Level.WARNING, "peer {0} down");
        r.setInstant(T);
        r.setLoggerName("dev.herald.daemon");
        r.setParameters(new Object[] {"tor1"});
        assertEquals("<4>WARN  [daemon] peer tor1 down" + System.lineSeparator(), LineFormatter.forJournal().format(r));
        r.setLevel(Level.FINE);
        assertTrue(LineFormatter.forJournal().format(r).startsWith("<7>DEBUG [daemon]"));
        r.setLevel(Level.INFO);
        assertTrue(LineFormatter.forJournal().format(r).startsWith("<6>INFO  [daemon]"));
    }

    @Test
    void journalStackTraceLinesKeepTheErrorPriority() {
        LogRecord r = new LogRecord(Level.SEVERE, "bug");
        r.setLoggerName("a");
        r.setThrown(new IllegalStateException("boom"));
        String text = LineFormatter.forJournal().format(r);
        assertTrue(text.lines().count() > 2, text);
        assertTrue(text.lines().allMatch(l -> l.startsWith("<3>")), text);
    }
}
