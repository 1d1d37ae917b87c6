package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PrefixSort} gives exactly {@link Prefix#compareTo}'s order, on every path it takes. */
class PrefixSortTest {

    @Test
    void sortsLikeCompareToForEverySizeAndMix() {
        long seed = Long.getLong("codec.seed", 20261207L);
        System.out.println("PrefixSortTest seed " + seed + " (-Dcodec.seed=" + seed + " reproduces)");
        Random r = new Random(seed);
        for (int size : new int[] {0, 1, 2, 63, 64, 65, 1000, 20_000}) {
            for (int v6 : new int[] {0, 1, 10}) { // per mille of IPv6 prefixes: none, a few, some
                List<Prefix> list = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    list.add(r.nextInt(1000) < v6 ? v6(r) : v4(r));
                }
                List<Prefix> expected = new ArrayList<>(list);
                expected.sort(null);
                PrefixSort.sort(list);
                assertEquals(expected, list, "size " + size + ", IPv6 per mille " + v6 + ", seed " + seed);
            }
        }
    }

    @Test
    void ordersTheExtremesOfTheKey() {
        // the top address bit (the key's sign bit), lengths 0 and 32 at one address, duplicates
        List<Prefix> list = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            list.add(Prefix.parse("255.255.255.255/32"));
            list.add(Prefix.parse("128.0.0.0/1"));
            list.add(Prefix.parse("128.0.0.0/32"));
            list.add(Prefix.parse("127.255.255.255/32"));
            list.add(Prefix.parse("0.0.0.0/0"));
            list.add(Prefix.parse("0.0.0.0/32"));
        }
        List<Prefix> expected = new ArrayList<>(list);
        expected.sort(null);
        PrefixSort.sort(list);
        assertEquals(expected, list);
        assertEquals(Prefix.parse("0.0.0.0/0"), list.getFirst());
        assertEquals(Prefix.parse("255.255.255.255/32"), list.getLast());
    }

    /** A random IPv4 prefix, host bits cleared; short lengths often, so that prefixes share addresses. */
    private static Prefix v4(Random r) {
        int length = r.nextInt(4) == 0 ? r.nextInt(33) : 24 + r.nextInt(9);
        int address = r.nextInt(8) == 0 ? r.nextInt(4) << 30 : r.nextInt();
        int masked = length == 0 ? 0 : address & (-1 << (32 - length));
        byte[] a = {(byte) (masked >>> 24), (byte) (masked >>> 16), (byte) (masked >>> 8), (byte) masked};
        return Prefix.of(a, length);
    }

    private static Prefix v6(Random r) {
        byte[] a = new byte[16];
        r.nextBytes(a);
        int length = 64;
        for (int i = 8; i < 16; i++) {
            a[i] = 0;
        }
        return Prefix.of(a, length);
    }
}
