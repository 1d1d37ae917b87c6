package dev.herald.sources.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.sources.ovn.ovsdb.Datum;
import dev.herald.sources.ovn.ovsdb.DbState;
import dev.herald.sources.ovn.ovsdb.JsonFramer;
import dev.herald.sources.ovn.ovsdb.OvsdbException;
import dev.herald.sources.ovn.ovsdb.Schema;
import dev.herald.sources.ovn.ovsdb.ServerCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jazzer fuzz targets for what an OVSDB server sends herald: the JSON-RPC byte stream
 * ({@link JsonFramer}, then Jackson as {@code OvsdbConnection} reads it) and the row updates
 * ({@link DbState}, then {@link OvnAnnouncer} / {@link OvnRouteTracker} and {@link ServerCheck}
 * on the rows it accepted). {@code ./mvnw verify} replays the committed corpora under
 * {@code src/test/resources/dev/herald/sources/ovn/OvsdbFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 *
 * <p>The documented errors, and so the only exceptions allowed to escape each stage: the framer's
 * {@link JsonFramer.FramingException} (the connection is closed), Jackson's {@link JacksonException}
 * for a value that is not JSON (the same), {@link OvsdbException} from {@link DbState} for JSON of
 * the wrong shape (the monitor drops the connection and resynchronises). Once rows are accepted,
 * judging them ({@code OvnAnnouncer}, {@code ServerCheck}) must not throw at all: a bad row is a
 * "problem" in the announcement, never an exception that ends the source's session.
 */
class OvsdbFuzzTest {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final Schema SB = Fixtures.schema();
    private static final int MAX_VALUE = 1 << 20;
    private static final List<String> CHASSIS = List.of("gw1", "gw2");

    /**
     * A server's byte stream. The first byte picks the chunk size the stream arrives in (1 to
     * 256 bytes); the rest is the stream. Checks: framing does not depend on the chunking; every
     * value is dispatched as {@code OvsdbMonitor} does (update, update2, update3 notifications,
     * monitor_cond and monitor_cond_since replies) into a Southbound copy and a {@code _Server}
     * copy, which are then judged.
     */
    @FuzzTest(maxDuration = "2m")
    void jsonRpcStream(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int chunk = (data[0] & 0xff) + 1;
        byte[] stream = Arrays.copyOfRange(data, 1, data.length);
        Framed whole = frame(stream, stream.length);
        Framed chunked = frame(stream, chunk);
        // A value completed before a framing error is handed over only if it arrived in an earlier
        // chunk, so the whole-stream run may hold fewer values; never different ones.
        assertEquals(whole.failed, chunked.failed, "framing error depends on the chunking");
        if (!whole.failed) {
            assertEquals(render(whole.values), render(chunked.values), "framing depends on the chunking");
        } else {
            assertTrue(chunked.values.size() >= whole.values.size());
            assertEquals(render(whole.values), render(chunked.values.subList(0, whole.values.size())));
        }
        DbState sb = new DbState(SB);
        DbState server = new DbState(ServerCheck.SCHEMA);
        ServerCheck check = new ServerCheck();
        for (byte[] value : chunked.values) {
            assertTrue(value.length > 0 && (value[0] == '{' || value[0] == '['), "a value starts with { or [");
            JsonNode msg;
            try {
                msg = JSON.readTree(value);
            } catch (JacksonException e) {
                continue; // OvsdbConnection closes the connection: documented
            }
            assertNotNull(msg);
            try {
                dispatch(msg, sb, server);
            } catch (OvsdbException e) {
                return; // the monitor drops the connection and resynchronises: documented
            }
            judge(sb);
            for (Map<String, JsonNode> row : server.rows("Database").values()) {
                check.problem("OVN_Southbound", row);
            }
        }
    }

    /** As OvsdbMonitor.apply and OvsdbMonitor.monitor: which part of a message is applied how. */
    private static void dispatch(JsonNode msg, DbState sb, DbState server) {
        JsonNode method = msg.get("method");
        if (method != null && method.isString()) {
            JsonNode p = msg.path("params");
            String id = Datum.atomText(p.path(0));
            if ("herald-server".equals(id) && "update2".equals(method.asString())) {
                server.applyUpdate2(p.path(1));
                return;
            }
            switch (method.asString()) {
                case "update3" -> {
                    sb.applyUpdate2(p.path(2));
                    p.path(1).asString("");
                }
                case "update2" -> sb.applyUpdate2(p.path(1));
                case "update" -> sb.applyUpdate1(p.path(1));
                default -> {
                }
            }
            return;
        }
        JsonNode id = msg.path("id");
        if (!id.canConvertToLong()) {
            return;
        }
        JsonNode r = msg.path("result");
        switch ((int) (id.asLong() & 3)) {
            case 0 -> server.applyUpdate2(r); // the _Server monitor_cond reply
            case 1 -> sb.applyUpdate2(r); // monitor_cond
            case 2 -> { // monitor_cond_since
                r.path(0).asBoolean(false);
                r.path(1).asString("");
                sb.applyUpdate2(r.path(2));
            }
            default -> sb.applyUpdate1(r); // monitor
        }
    }

    /**
     * Southbound row updates ({@code <table-updates2>}, as in update2/update3 and monitor_cond
     * replies), one JSON value after the other, applied to a copy with the OVN 25.03 schema. After
     * each accepted update: the row-by-row tracker says what a full computation says, for both
     * chassis of the fixtures; a copy rebuilt from the rows equals it (replaceWith finds no change).
     */
    @FuzzTest(maxDuration = "2m")
    void southboundUpdates(byte[] data) {
        JsonFramer framer = new JsonFramer(MAX_VALUE);
        List<byte[]> values;
        try {
            values = framer.feed(data, 0, data.length);
        } catch (JsonFramer.FramingException e) {
            return;
        }
        DbState sb = new DbState(SB);
        List<OvnRouteTracker> trackers = new ArrayList<>();
        List<OvnSettings> settings = new ArrayList<>();
        for (String c : CHASSIS) {
            OvnSettings d = OvnSettings.defaults(c);
            settings.add(d);
            trackers.add(new OvnRouteTracker(c, d));
            OvnSettings strict = new OvnSettings(c, true, OvnSettings.TrackedPort.LOCAL_ONLY, 7, 9,
                    OvnSettings.NextHopMode.ROUTER_PORT, OvnSettings.NextHopMode.ROUTER_PORT, null);
            settings.add(strict);
            trackers.add(new OvnRouteTracker(c, strict));
        }
        for (byte[] value : values) {
            JsonNode updates;
            try {
                updates = JSON.readTree(value);
            } catch (JacksonException e) {
                return;
            }
            try {
                sb.applyUpdate2(updates);
            } catch (OvsdbException e) {
                return; // documented: the copy is dropped and taken again
            }
            var touched = sb.drainTouched();
            for (int i = 0; i < trackers.size(); i++) {
                OvnRouteTracker t = trackers.get(i);
                OvnSettings s = settings.get(i);
                t.update(sb, touched);
                var full = OvnAnnouncer.compute(sb, s.chassis(), s);
                var inc = t.announcement();
                assertEquals(full.routes(), inc.routes(), "tracker and compute disagree on the routes");
                assertEquals(full.problems().stream().sorted().toList(), inc.problems().stream().sorted().toList());
                assertEquals(full.rows(), inc.rows());
                assertEquals(full.notLocal(), inc.notLocal());
            }
            new SbRequests("gw1").build(SB, sb);
        }
        DbState copy = new DbState(SB);
        copy.replaceWith(sb);
        assertEquals(DbState.Changes.NONE, sb.replaceWith(copy), "a copy of the rows differs from them");
    }

    private static void judge(DbState sb) {
        for (String c : CHASSIS) {
            var a = OvnAnnouncer.compute(sb, c, OvnSettings.defaults(c));
            assertTrue(a.rows() >= a.routes().size());
        }
    }

    record Framed(List<byte[]> values, boolean failed) {
    }

    static Framed frame(byte[] stream, int chunk) {
        JsonFramer f = new JsonFramer(MAX_VALUE);
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < stream.length; off += chunk) {
            try {
                out.addAll(f.feed(stream, off, Math.min(chunk, stream.length - off)));
            } catch (JsonFramer.FramingException e) {
                return new Framed(out, true);
            }
        }
        return new Framed(out, false);
    }

    private static List<String> render(List<byte[]> values) {
        return values.stream().map(v -> new String(v, java.nio.charset.StandardCharsets.ISO_8859_1)).toList();
    }
}
