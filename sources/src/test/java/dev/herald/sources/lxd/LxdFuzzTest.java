package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.sources.lxd.LxdModel.Key;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Jazzer fuzz targets for what LXD sends herald: REST API responses as {@link LxdLoader} reads
 * them (through {@link LxdJson}) and lifecycle events as {@link LxdEvents} classifies them.
 * {@code ./mvnw verify} replays the committed corpora under
 * {@code src/test/resources/dev/herald/sources/lxd/LxdFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 *
 * <p>The documented errors: {@link LxdJson.LxdGarbageException} for a body that is not the JSON LXD
 * documents and {@link LxdJson.LxdApiException} for an error response; nothing else may escape a
 * read (LxdSource counts garbage and keeps the last good set). Classifying an event and computing
 * the announcement from whatever snapshot was read must not throw at all.
 */
class LxdFuzzTest {
    private static final LxdSettings[] SETTINGS = {LxdSettings.defaults(),
        new LxdSettings(List.of(), true, InetAddress.ofLiteral("192.0.2.1"), InetAddress.ofLiteral("2001:db8::1"), "m1",
                LxdSettings.Allow.NONE)};

    /**
     * Response bodies separated by a zero byte: the loader's n-th GET gets the n-th body (404 once
     * they run out). Reads everything, then one instance and one network again. Checks: only the
     * documented errors; the announcement computes; reading the same answers again with the
     * snapshot read as the last good one gives that snapshot again (garbage keeps what was there,
     * good objects read the same).
     */
    @FuzzTest(maxDuration = "2m")
    void apiResponses(byte[] data) throws IOException {
        List<byte[]> bodies = split(data, (byte) 0);
        LxdSnapshot first = read(bodies, null);
        if (first == null) {
            return;
        }
        for (LxdSettings s : SETTINGS) {
            LxdAnnouncer.Announcement a = LxdAnnouncer.compute(first, s);
            assertNotNull(a.prefixes());
            a.ribRoutes("lxd");
        }
        LxdSnapshot again = read(bodies, first);
        assertEquals(first, again, "the same answers read again over the last good snapshot");
    }

    private static LxdSnapshot read(List<byte[]> bodies, LxdSnapshot previous) throws IOException {
        Replay client = new Replay(bodies);
        List<String> bad = new ArrayList<>();
        LxdLoader loader = new LxdLoader(client, bad);
        LxdSnapshot s;
        try {
            s = loader.full(previous);
        } catch (LxdJson.LxdGarbageException | LxdJson.LxdApiException e) {
            assertNotNull(e.getMessage());
            return null;
        }
        bad.forEach(b -> assertNotNull(b));
        if (previous != null) {
            return s;
        }
        // one object read again after an event, from the answers left
        Key ik = s.instances().isEmpty() ? new Key("default", "c1") : s.instances().keySet().iterator().next();
        Key nk = s.networks().isEmpty() ? new Key("default", "lxdbr0") : s.networks().keySet().iterator().next();
        try {
            LxdSnapshot t = loader.instance(s, ik);
            t = loader.network(t, nk);
            for (LxdSettings st : SETTINGS) {
                LxdAnnouncer.compute(t, st);
            }
        } catch (LxdJson.LxdGarbageException | LxdJson.LxdApiException e) {
            assertNotNull(e.getMessage());
        }
        return s;
    }

    /**
     * Lifecycle events, one per line, as the events websocket hands them over (a message that is
     * not JSON becomes a full read, as in LxdSource). Checks: only LxdGarbageException from
     * parsing; classify never throws and names a non-empty project and object when it asks for one
     * object.
     */
    @FuzzTest(maxDuration = "2m")
    void events(byte[] data) {
        for (byte[] line : split(data, (byte) '\n')) {
            JsonNode ev;
            try {
                ev = LxdJson.parse(line);
            } catch (LxdJson.LxdGarbageException e) {
                continue;
            }
            LxdEvents.Refetch r = LxdEvents.classify(ev);
            assertNotNull(r);
            Key k = switch (r) {
                case LxdEvents.InstanceRefetch i -> i.key();
                case LxdEvents.NetworkRefetch n -> n.key();
                default -> null;
            };
            if (k != null) {
                assertFalse(k.project().isEmpty(), "refetch in an empty project: " + r);
                assertFalse(k.name().isEmpty(), "refetch of an empty name: " + r);
            }
        }
    }

    static List<byte[]> split(byte[] data, byte sep) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == sep) {
                out.add(java.util.Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** Answers the n-th GET with the n-th body, through LxdJson as the real clients do. */
    private static final class Replay extends GetOnlyClient {
        private final List<byte[]> bodies;
        private int next;

        Replay(List<byte[]> bodies) {
            this.bodies = bodies;
        }

        @Override
        byte[] body(String path) {
            assertTrue(path.startsWith("/1.0"), path);
            return next < bodies.size() ? bodies.get(next++) : null;
        }
    }

}
