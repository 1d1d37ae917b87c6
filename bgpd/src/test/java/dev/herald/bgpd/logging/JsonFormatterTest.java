package dev.herald.bgpd.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonFormatterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String format(Level level, String message, Throwable thrown, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(Instant.parse("2026-11-22T10:00:00.123Z"));
        r.setLoggerName("dev.herald.fsm.Session");
        r.setThrown(thrown);
        r.setParameters(params.length == 0 ? null : params);
        return new JsonFormatter().format(r);
    }

    @Test
    void oneObjectPerLineWithTheTextFormatsFields() {
        String line = format(Level.INFO, "peer {0} Established", null, "tor1");
        assertEquals("{\"time\":\"2026-11-22T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"fsm.Session\","
                + "\"message\":\"peer tor1 Established\"}" + System.lineSeparator(), line);
    }

    @Test
    void awkwardCharactersStayValidJsonOnOneLine() {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 sep \u2028 é 🙂";
        String line = format(Level.WARNING, "{0}", new IOException("refused\nagain"), nasty);
        assertEquals(1, line.lines().count(), line);
        JsonNode n = JSON.readTree(line);
        assertEquals(nasty, n.get("message").asString());
        assertEquals("WARN", n.get("level").asString());
        assertEquals("java.io.IOException: refused\nagain", n.get("exception").asString());
        assertTrue(n.get("stack_trace") == null, line);
    }

    @Test
    void errorsCarryTheStackTrace() {
        JsonNode n = JSON.readTree(format(Level.SEVERE, "bug", new IllegalStateException("boom")));
        assertEquals("ERROR", n.get("level").asString());
        assertTrue(n.get("stack_trace").asString().startsWith("java.lang.IllegalStateException: boom\n\tat "),
                n.toString());
    }
}
