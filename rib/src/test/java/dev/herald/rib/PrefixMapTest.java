package dev.herald.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PrefixMap} against a {@code HashMap} under seeded random puts, removes and lookups. */
class PrefixMapTest {
    /** Prefixes from a small space, so that keys collide, repeat and differ only in length. */
    private static Prefix random(Random r) {
        if (r.nextBoolean()) {
            int len = r.nextInt(33);
            byte[] a = new byte[4];
            a[0] = (byte) (r.nextInt(3) * 64);
            a[1] = (byte) r.nextInt(4);
            a[2] = (byte) r.nextInt(256);
            a[3] = (byte) r.nextInt(256);
            return Prefix.of(mask(a, len), len);
        }
        int len = r.nextInt(129);
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[7] = (byte) r.nextInt(4);
        a[15] = (byte) r.nextInt(256);
        return Prefix.of(mask(a, len), len);
    }

    private static byte[] mask(byte[] a, int len) {
        for (int bit = len; bit < a.length * 8; bit++) {
            a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261123})
    void behavesLikeAHashMap(long seed) {
        Random r = new Random(seed);
        PrefixMap m = new PrefixMap();
        Map<Prefix, Object> ref = new HashMap<>();
        for (int step = 0; step < 60_000; step++) {
            Prefix p = random(r);
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    Integer v = r.nextInt(1000);
                    assertEquals(ref.put(p, v), m.put(p, v), "put " + p);
                }
                case 2 -> assertEquals(ref.remove(p), m.remove(p), "remove " + p);
                default -> assertEquals(ref.get(p), m.get(p), "get " + p);
            }
            assertEquals(ref.size(), m.size());
        }
        Map<Prefix, Object> seen = new HashMap<>();
        m.forEach((p, v) -> assertNull(seen.put(p, v), "each key once"));
        assertEquals(ref, seen);
        // Empty it again: every removal keeps the rest findable.
        List<Prefix> keys = new ArrayList<>(ref.keySet());
        java.util.Collections.shuffle(keys, r);
        for (Prefix p : keys) {
            assertEquals(ref.remove(p), m.remove(p));
            if (!ref.isEmpty()) {
                Prefix any = ref.keySet().iterator().next();
                assertEquals(ref.get(any), m.get(any));
            }
        }
        assertEquals(0, m.size());
    }
}
