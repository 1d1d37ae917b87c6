package dev.herald.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid messages for the decode(encode(x)) == x property, built in the shape the decoder
 * gives back (attributes in the encoder's order, no attribute twice, no opaque attribute or
 * capability with a code the codec models).
 *
 * <p>Not generated, because they are not round-trippable by design (docs/fuzzing.md):
 * confederation segments toward a 2-octet peer together with 4-byte AS numbers (AS4_PATH cannot
 * carry them, RFC 6793 4.2.2), graceful restart reserved bits, ROUTE-REFRESH ORF entries.
 */
final class MessageGenerator {
    private static final int[] MODELLED_CAPABILITIES = {1, 2, 5, 6, 9, 64, 65, 69, 70, 71, 73};
    private static final int[] MODELLED_ATTRIBUTES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32};

    private final Random random;

    MessageGenerator(long seed) {
        this.random = new Random(seed);
    }

    BgpMessage message(CodecContext ctx) {
        return switch (random.nextInt(10)) {
            case 0 -> open();
            case 1 -> notification();
            case 2 -> new RouteRefresh(random.nextInt(0x10000), random.nextInt(3), random.nextInt(256));
            case 3 -> Keepalive.INSTANCE;
            default -> update(ctx);
        };
    }

    Open open() {
        List<Capability> caps = new ArrayList<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            caps.add(capability());
        }
        int hold = random.nextBoolean() ? 0 : 3 + random.nextInt(0xFFFF - 3);
        int id = random.nextInt();
        return new Open(4, 1 + random.nextInt(0xFFFF), hold, id == 0 ? 1 : id, caps);
    }

    private Capability capability() {
        return switch (random.nextInt(12)) {
            case 0 -> new Capability.Multiprotocol(random.nextInt(0x10000), random.nextInt(256));
            case 1 -> new Capability.RouteRefresh();
            case 2 -> new Capability.ExtendedNextHop(list(random.nextInt(5),
                    () -> new Capability.ExtendedNextHop.Entry(u16(), u16(), u16())));
            case 3 -> new Capability.ExtendedMessage();
            case 4 -> new Capability.BgpRole(random.nextInt(256));
            case 5 -> new Capability.GracefulRestart(random.nextBoolean(), random.nextBoolean(), random.nextInt(4096),
                    list(random.nextInt(5), () -> new Capability.GracefulRestart.GrFamily(u16(), random.nextInt(256),
                            random.nextBoolean())));
            case 6 -> new Capability.FourOctetAs(1 + (random.nextLong() & 0xFFFF_FFFFL) % 0xFFFF_FFFFL);
            case 7 -> new Capability.AddPath(list(random.nextInt(5),
                    () -> new Capability.AddPath.Entry(u16(), random.nextInt(256), random.nextInt(256))));
            case 8 -> new Capability.EnhancedRouteRefresh();
            case 9 -> new Capability.LongLivedGracefulRestart(list(random.nextInt(5),
                    () -> new Capability.LongLivedGracefulRestart.Entry(u16(), random.nextInt(256), random.nextInt(256),
                            random.nextInt(0x100_0000))));
            case 10 -> new Capability.Fqdn(text(random.nextInt(20)), text(random.nextInt(20)));
            default -> {
                int code;
                do {
                    code = random.nextInt(256);
                } while (contains(MODELLED_CAPABILITIES, code));
                yield new Capability.Unknown(code, bytes(random.nextInt(30)));
            }
        };
    }

    private Notification notification() {
        return new Notification(1 + random.nextInt(8), random.nextInt(256), bytes(random.nextInt(40)));
    }

    Update update(CodecContext ctx) {
        List<PathAttribute> attrs = new ArrayList<>();
        List<Prefix> withdrawn = random.nextInt(3) == 0 ? prefixes(Afi.IPV4, random.nextInt(20)) : List.of();
        List<Prefix> nlri = List.of();
        boolean mpReach = random.nextInt(3) == 0;
        if (mpReach) {
            Family f = random.nextBoolean() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
            int nh = f.afi() == Afi.IPV4 ? new int[] {4, 16, 32}[random.nextInt(3)] : new int[] {16, 32}[random.nextInt(2)];
            attrs.add(new PathAttribute.MpReachNlri(f, bytes(nh), prefixes(f.afi(), random.nextInt(30))));
        }
        if (random.nextInt(4) == 0) {
            Family f = random.nextBoolean() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
            attrs.add(new PathAttribute.MpUnreachNlri(f, prefixes(f.afi(), random.nextInt(30))));
        }
        boolean announce = random.nextInt(4) != 0;
        if (announce || mpReach) {
            attrs.add(new PathAttribute.Origin(random.nextInt(3)));
            attrs.add(asPath(ctx));
            if (!mpReach || random.nextBoolean()) {
                attrs.add(new PathAttribute.NextHop(new byte[] {(byte) (1 + random.nextInt(126)), (byte) random.nextInt(),
                        (byte) random.nextInt(), (byte) random.nextInt()}));
                nlri = prefixes(Afi.IPV4, random.nextInt(40));
            }
        }
        if (random.nextBoolean()) {
            attrs.add(new PathAttribute.MultiExitDisc(random.nextLong() & 0xFFFF_FFFFL));
        }
        if (!ctx.externalPeer() && random.nextBoolean()) {
            attrs.add(new PathAttribute.LocalPref(random.nextLong() & 0xFFFF_FFFFL));
        }
        if (random.nextInt(3) == 0) {
            attrs.add(new PathAttribute.Communities(longs(1 + random.nextInt(10), 0xFFFF_FFFFL)));
        }
        if (random.nextInt(3) == 0) {
            attrs.add(new PathAttribute.ExtendedCommunities(longs(1 + random.nextInt(10), -1L)));
        }
        if (random.nextInt(3) == 0) {
            attrs.add(new PathAttribute.LargeCommunities(list(1 + random.nextInt(10),
                    () -> new PathAttribute.LargeCommunities.LargeCommunity(u32(), u32(), u32()))));
        }
        if (random.nextInt(3) == 0) {
            int code;
            do {
                code = 1 + random.nextInt(255);
            } while (contains(MODELLED_ATTRIBUTES, code));
            int flags = PathAttribute.FLAG_OPTIONAL | (random.nextBoolean() ? PathAttribute.FLAG_TRANSITIVE : 0)
                    | (random.nextBoolean() ? PathAttribute.FLAG_PARTIAL : 0);
            int length = random.nextInt(10) == 0 ? 256 + random.nextInt(300) : random.nextInt(40);
            if (length > 255 || random.nextInt(5) == 0) {
                flags |= PathAttribute.FLAG_EXTENDED_LENGTH;
            }
            attrs.add(new PathAttribute.Unknown(flags, code, bytes(length)));
        }
        attrs.sort(java.util.Comparator.comparingInt(a -> a.typeCode() == 14 || a.typeCode() == 15
                ? a.typeCode() - 256 : a.typeCode()));
        return new Update(withdrawn, attrs, nlri);
    }

    private PathAttribute.AsPath asPath(CodecContext ctx) {
        List<PathAttribute.AsPath.Segment> segments = new ArrayList<>();
        int n = random.nextInt(4);
        boolean big = ctx.fourOctetAs() || random.nextBoolean();
        for (int i = 0; i < n; i++) {
            boolean noConfederation = big && !ctx.fourOctetAs() || ctx.externalPeer();
            int type = 1 + random.nextInt(noConfederation ? 2 : 4);
            long[] asns = new long[1 + random.nextInt(8)];
            for (int j = 0; j < asns.length; j++) {
                asns[j] = big ? u32() : random.nextInt(0x10000);
            }
            segments.add(new PathAttribute.AsPath.Segment(type, asns));
        }
        return new PathAttribute.AsPath(segments);
    }

    private List<Prefix> prefixes(Afi afi, int n) {
        List<Prefix> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = random.nextInt(afi.maxPrefixLength() + 1);
            byte[] a = bytes(afi.addressBytes());
            for (int bit = length; bit < a.length * 8; bit++) {
                a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
            }
            out.add(Prefix.of(a, length));
        }
        return out;
    }

    private interface Maker<T> {
        T make();
    }

    private <T> List<T> list(int n, Maker<T> maker) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(maker.make());
        }
        return out;
    }

    private long[] longs(int n, long mask) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextLong() & mask;
        }
        return out;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String text(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) random.nextInt(256));
        }
        return sb.toString();
    }

    private int u16() {
        return random.nextInt(0x10000);
    }

    private long u32() {
        return random.nextLong() & 0xFFFF_FFFFL;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
