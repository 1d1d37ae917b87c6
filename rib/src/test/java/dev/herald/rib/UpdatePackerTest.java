package dev.herald.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {
    static List<Prefix> v4(int n) {
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Prefix.of(new byte[] {10, (byte) (i >> 8), (byte) i, 0}, 24));
        }
        return out;
    }

    static List<Prefix> v6(int n) {
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] a = new byte[16];
            a[0] = 0x20;
            a[1] = 0x01;
            a[2] = 0x0d;
            a[3] = (byte) 0xb8;
            a[4] = (byte) (i >> 8);
            a[5] = (byte) i;
            out.add(Prefix.of(a, 48));
        }
        return out;
    }

    private static int nlriBytes(List<Prefix> ps) {
        return ps.stream().mapToInt(p -> 1 + p.wireBytes()).sum();
    }

    @Test
    void ipv4PacksAsManyPrefixesAsFitIn4096Bytes() {
        List<Prefix> all = v4(3000);
        List<PathAttribute> base = List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65010));
        List<Update> ups = UpdatePacker.announce(Family.IPV4_UNICAST, base, new byte[] {1, 2, 3, 4}, all, 4096);
        // 3000 /24s are 12000 bytes of NLRI: two full messages of about 4040 bytes and a remainder.
        assertEquals(3, ups.size());
        List<Prefix> seen = new ArrayList<>();
        for (Update u : ups) {
            int size = 23 + 4 + 1 + 4 + 6 + 4 + 4 + nlriBytes(u.nlri());
            assertTrue(size <= 4096, "update of " + size + " bytes");
            seen.addAll(u.nlri());
        }
        assertEquals(all, seen);
        // Full messages leave less than one prefix of room.
        int full = 23 + 4 + 1 + 4 + 6 + 4 + 4 + nlriBytes(ups.getFirst().nlri());
        assertTrue(4096 - full < 4, "first message only " + full + " bytes");
    }

    @Test
    void ipv6GoesInMpReachAndIsSplitToo() {
        List<Prefix> all = v6(1000);
        List<Update> ups = UpdatePacker.announce(Family.IPV6_UNICAST,
                List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65010)), new byte[16], all, 4096);
        List<Prefix> seen = new ArrayList<>();
        for (Update u : ups) {
            assertTrue(u.nlri().isEmpty());
            PathAttribute.MpReachNlri mp = u.attribute(PathAttribute.MpReachNlri.class).orElseThrow();
            seen.addAll(mp.nlri());
            assertTrue(23 + 4 + 1 + 4 + 6 + 4 + 5 + 16 + nlriBytes(mp.nlri()) <= 4096);
            assertEquals(14, u.attributes().getLast().typeCode(), "attributes in ascending type order");
        }
        assertEquals(all, seen);
        assertEquals(2, ups.size());
    }

    @Test
    void withdrawalsArePackedPerFamily() {
        List<Update> w4 = UpdatePacker.withdraw(Family.IPV4_UNICAST, v4(2000), 4096);
        assertEquals(2000, w4.stream().mapToInt(u -> u.withdrawn().size()).sum());
        assertTrue(w4.stream().allMatch(u -> 23 + nlriBytes(u.withdrawn()) <= 4096));
        List<Update> w6 = UpdatePacker.withdraw(Family.IPV6_UNICAST, v6(1000), 4096);
        assertEquals(1000, w6.stream().mapToInt(
                u -> u.attribute(PathAttribute.MpUnreachNlri.class).orElseThrow().withdrawn().size()).sum());
    }

    /**
     * An AS_PATH of more than 255 ASes goes out as several segments, each with its own 2-byte
     * header: the packer counts them as the codec writes them. With /25s (5 bytes each) and path
     * lengths 511..520 the room left for NLRI takes every value modulo 5, so a count that missed
     * the extra segment headers would overfill some of these messages.
     */
    @Test
    void longAsPathsAreCountedAsTheCodecSplitsThem() {
        List<Prefix> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            all.add(Prefix.of(new byte[] {10, (byte) (i >> 7), (byte) (i << 1), 0}, 25));
        }
        ByteBuf out = Unpooled.buffer(4096);
        try {
            for (int n = 511; n <= 520; n++) {
                long[] asns = new long[n];
                java.util.Arrays.fill(asns, 65010);
                List<Update> ups = UpdatePacker.announce(Family.IPV4_UNICAST,
                        List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(asns)), new byte[] {1, 2, 3, 4},
                        all, 4096);
                for (Update u : ups) {
                    out.clear();
                    int ases = n;
                    assertDoesNotThrow(() -> MessageCodec.encode(u, CodecContext.FOUR_OCTET, out),
                            () -> "an UPDATE with " + ases + " ASes and " + u.nlri().size() + " prefixes");
                }
            }
        } finally {
            out.release();
        }
    }

    @Test
    void largerMessagesHoldMore() {
        List<Update> ups = UpdatePacker.announce(Family.IPV4_UNICAST, List.of(PathAttribute.Origin.IGP),
                new byte[] {1, 2, 3, 4}, v4(10000), 65535);
        assertEquals(1, ups.size());
    }
}
