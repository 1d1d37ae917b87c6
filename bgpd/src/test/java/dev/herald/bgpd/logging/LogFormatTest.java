package dev.herald.bgpd.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    @Test
    void autoIsJournalOnlyWhenStderrIsTheJournalStream() {
        Map<String, String> env = Map.of("JOURNAL_STREAM", "8:12345");
        assertEquals(LogFormat.JOURNAL, LogFormat.AUTO.resolve(env, "8:12345"));
        assertEquals(LogFormat.TEXT, LogFormat.AUTO.resolve(env, "8:999"), "stderr redirected by a parent");
        assertEquals(LogFormat.TEXT, LogFormat.AUTO.resolve(Map.of(), "8:12345"));
        assertEquals(LogFormat.JOURNAL, LogFormat.AUTO.resolve(env, null), "stderr unknown: trust the variable");
    }

    @Test
    void anExplicitFormatIsKept() {
        Map<String, String> env = Map.of("JOURNAL_STREAM", "8:12345");
        assertEquals(LogFormat.JSON, LogFormat.JSON.resolve(env, "8:12345"));
        assertEquals(LogFormat.TEXT, LogFormat.TEXT.resolve(env, "8:12345"));
    }

    @Test
    void stderrIdentityHasJournalStreamsShape() {
        String id = LogFormat.stderrIdentity();
        if (id != null) {
            assertEquals(true, id.matches("\\d+:\\d+"), id);
        }
    }
}
