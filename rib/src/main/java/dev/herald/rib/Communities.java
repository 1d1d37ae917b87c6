package dev.herald.rib;

import dev.herald.codec.PathAttribute;
import java.util.Arrays;
import java.util.List;

/**
 * Encoding of COMMUNITIES (RFC 1997), EXTENDED COMMUNITIES (RFC 4360) and LARGE
 * COMMUNITIES (RFC 8092). Values are kept as numbers: a standard community is 32 bits, an extended
 * one 64 bits, a large one three 32-bit numbers.
 */
public final class Communities {
    private static final int OPTIONAL_TRANSITIVE = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private Communities() {
    }

    static String standardText(long c) {
        return (c >>> 16) + ":" + (c & 0xFFFF);
    }

    /** COMMUNITIES (type 8), sorted, duplicates dropped. */
    static PathAttribute standard(long[] values) {
        long[] v = Arrays.stream(values).sorted().distinct().toArray();
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            put(b, i * 4, v[i], 4);
        }
        return new PathAttribute.Unknown(OPTIONAL_TRANSITIVE, 8, b);
    }

    /** EXTENDED COMMUNITIES (type 16). */
    static PathAttribute extended(long[] values) {
        long[] v = Arrays.stream(values).distinct().toArray();
        Arrays.sort(v);
        byte[] b = new byte[v.length * 8];
        for (int i = 0; i < v.length; i++) {
            put(b, i * 8, v[i], 8);
        }
        return new PathAttribute.Unknown(OPTIONAL_TRANSITIVE, 16, b);
    }

    /** LARGE COMMUNITIES (type 32). */
    static PathAttribute large(List<long[]> values) {
        List<long[]> v = values.stream().sorted(Arrays::compare).toList();
        byte[] b = new byte[v.size() * 12];
        int n = 0;
        long[] prev = null;
        for (long[] c : v) {
            if (prev != null && Arrays.equals(prev, c)) {
                continue;
            }
            put(b, n, c[0], 4);
            put(b, n + 4, c[1], 4);
            put(b, n + 8, c[2], 4);
            n += 12;
            prev = c;
        }
        return new PathAttribute.Unknown(OPTIONAL_TRANSITIVE, 32, Arrays.copyOf(b, n));
    }

    private static void put(byte[] b, int off, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[off + i] = (byte) (v >>> (8 * (bytes - 1 - i)));
        }
    }
}
