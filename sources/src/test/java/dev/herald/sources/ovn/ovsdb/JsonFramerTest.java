package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.sources.ovn.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonFramerTest {
    private static List<String> feedAll(JsonFramer f, byte[] stream, int[] cuts) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            for (byte[] v : f.feed(stream, from, cut - from)) {
                out.add(new String(v, StandardCharsets.UTF_8));
            }
            from = cut;
        }
        for (byte[] v : f.feed(stream, from, stream.length - from)) {
            out.add(new String(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void capturedMessagesBackToBackSplitAtEveryByte() {
        String a = new String(Fixtures.bytes("update3.json"), StandardCharsets.UTF_8).strip();
        String b = "{\"id\":\"echo\",\"result\":[],\"error\":null}";
        String c = "{\"id\":7,\"result\":[\"a}\\\"[{\"],\"error\":null}"; // braces and an escaped quote in a string
        byte[] stream = (a + b + "\n" + c + " ").getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= stream.length; cut++) {
            List<String> got = feedAll(new JsonFramer(1 << 20), stream, new int[] {cut});
            assertEquals(List.of(a, b, c), got, "cut at " + cut);
        }
    }

    @Test
    void randomChunkingGivesTheSameValues() {
        byte[] stream = (new String(Fixtures.bytes("since-initial.json"), StandardCharsets.UTF_8).strip()
                + new String(Fixtures.bytes("update3.json"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(6);
        for (int round = 0; round < 200; round++) {
            int[] cuts = rnd.ints(rnd.nextInt(12), 0, stream.length + 1).sorted().toArray();
            List<String> got = feedAll(new JsonFramer(1 << 20), stream, cuts);
            assertEquals(2, got.size());
            Fixtures.JSON.readTree(got.get(0));
            Fixtures.JSON.readTree(got.get(1));
        }
    }

    @Test
    void garbageBetweenMessagesAndOversizedValuesAreRefused() {
        JsonFramer f = new JsonFramer(16);
        byte[] g = "{}x".getBytes(StandardCharsets.UTF_8);
        assertThrows(JsonFramer.FramingException.class, () -> f.feed(g, 0, g.length));
        JsonFramer small = new JsonFramer(16);
        byte[] big = "{\"a\":\"0123456789abcdef0123\"".getBytes(StandardCharsets.UTF_8);
        assertThrows(JsonFramer.FramingException.class, () -> small.feed(big, 0, big.length));
    }
}
