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
    private Communities() {
    }

    static String standardText(long c) {
        return (c >>> 16) + ":" + (c & 0xFFFF);
    }

    /** COMMUNITIES (type 8), sorted, duplicates dropped. */
    static PathAttribute standard(long[] values) {
        return new PathAttribute.Communities(Arrays.stream(values).sorted().distinct().toArray());
    }

    /** EXTENDED COMMUNITIES (type 16), sorted (as signed longs, as before), duplicates dropped. */
    static PathAttribute extended(long[] values) {
        long[] v = Arrays.stream(values).distinct().toArray();
        Arrays.sort(v);
        return new PathAttribute.ExtendedCommunities(v);
    }

    /** LARGE COMMUNITIES (type 32), sorted, duplicates dropped. */
    static PathAttribute large(List<long[]> values) {
        return new PathAttribute.LargeCommunities(values.stream().sorted(Arrays::compare)
                .map(c -> new PathAttribute.LargeCommunities.LargeCommunity(c[0], c[1], c[2])).distinct().toList());
    }
}
