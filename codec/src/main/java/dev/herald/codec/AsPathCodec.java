package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * AS_PATH segments (RFC 4271 4.3) with 2- or 4-byte AS numbers (RFC 6793), and the AS4_PATH an
 * old (2-octet) peer needs when the path holds AS numbers that do not fit two bytes.
 */
final class AsPathCodec {
    static final int AS4_PATH = 17;
    private static final int MAX_SEGMENT_ASNS = 255;

    private AsPathCodec() {
    }

    /**
     * Parses an AS_PATH value. Malformed per RFC 7606 7.2 (unknown segment type, zero-length
     * segment, overrun, or a lone trailing byte) is 3/11 with treat-as-withdraw.
     */
    static PathAttribute.AsPath decode(ByteBuf v, int asSize) throws BgpDecodeException {
        List<PathAttribute.AsPath.Segment> segments = new ArrayList<>();
        while (v.isReadable()) {
            if (v.readableBytes() < 2) {
                throw malformed("a lone byte after the last segment");
            }
            int type = v.readUnsignedByte();
            int count = v.readUnsignedByte();
            if (type < PathAttribute.AsPath.Segment.AS_SET || type > PathAttribute.AsPath.Segment.AS_CONFED_SET) {
                throw malformed("unknown segment type " + type);
            }
            if (count == 0) {
                throw malformed("empty segment");
            }
            if (v.readableBytes() < count * asSize) {
                throw malformed("segment of " + count + " ASes runs past the attribute");
            }
            long[] asns = new long[count];
            for (int i = 0; i < count; i++) {
                asns[i] = asSize == 4 ? v.readUnsignedInt() : v.readUnsignedShort();
            }
            segments.add(new PathAttribute.AsPath.Segment(type, Longs.adopt(asns)));
        }
        return new PathAttribute.AsPath(segments);
    }

    private static BgpDecodeException malformed(String reason) {
        return DecodeErrors.withdraw(DecodeErrors.MALFORMED_AS_PATH, new byte[0], "malformed AS_PATH: " + reason);
    }

    /**
     * RFC 6793 4.2.3: the path a 2-octet peer meant, from its AS_PATH (AS_TRANS in place of large
     * AS numbers) and its AS4_PATH. AS_SET counts as one AS and confederation segments as none;
     * the leading AS_PATH entries the AS4_PATH does not cover are kept in front of it. Null when
     * the AS4_PATH counts more ASes than the AS_PATH: it is then to be ignored.
     */
    static PathAttribute.AsPath reconstruct(PathAttribute.AsPath asPath, PathAttribute.AsPath as4Path) {
        int need = count(asPath) - count(as4Path);
        if (need < 0) {
            return null;
        }
        List<PathAttribute.AsPath.Segment> out = new ArrayList<>();
        for (PathAttribute.AsPath.Segment s : asPath.segments()) {
            int type = s.type();
            boolean confed = type == PathAttribute.AsPath.Segment.AS_CONFED_SEQUENCE
                    || type == PathAttribute.AsPath.Segment.AS_CONFED_SET;
            if (confed) {
                out.add(s);
            } else if (need == 0) {
                break;
            } else if (type == PathAttribute.AsPath.Segment.AS_SET) {
                out.add(s);
                need--;
            } else {
                Longs asns = s.asns();
                int take = Math.min(need, asns.length());
                out.add(new PathAttribute.AsPath.Segment(type, asns.head(take)));
                need -= take;
                if (take < asns.length()) {
                    break;
                }
            }
        }
        out.addAll(as4Path.segments());
        return new PathAttribute.AsPath(out);
    }

    /** The path length of RFC 4271 9.1.2.2 a: an AS_SET counts once, confederation segments not at all. */
    static int count(PathAttribute.AsPath path) {
        int n = 0;
        for (PathAttribute.AsPath.Segment s : path.segments()) {
            switch (s.type()) {
                case PathAttribute.AsPath.Segment.AS_SEQUENCE -> n += s.asns().length();
                case PathAttribute.AsPath.Segment.AS_SET -> n++;
                default -> {
                }
            }
        }
        return n;
    }

    static boolean hasConfederationSegment(PathAttribute.AsPath path) {
        for (PathAttribute.AsPath.Segment s : path.segments()) {
            if (s.type() == PathAttribute.AsPath.Segment.AS_CONFED_SEQUENCE
                    || s.type() == PathAttribute.AsPath.Segment.AS_CONFED_SET) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the encoded value. */
    static int valueLength(PathAttribute.AsPath path, int asSize) {
        int n = 0;
        for (PathAttribute.AsPath.Segment s : path.segments()) {
            int count = s.asns().length();
            int pieces = Math.max(1, (count + MAX_SEGMENT_ASNS - 1) / MAX_SEGMENT_ASNS);
            n += 2 * pieces + count * asSize;
        }
        return n;
    }

    /**
     * Writes the value. Sequences longer than 255 ASes become consecutive sequence segments,
     * which mean the same path; a longer AS_SET cannot be split and is refused. In 2-byte form,
     * AS numbers above 65535 become AS_TRANS (RFC 6793 4.2.2).
     */
    static void write(ByteBuf out, PathAttribute.AsPath path, int asSize) {
        for (PathAttribute.AsPath.Segment s : path.segments()) {
            int type = s.type();
            if (type < PathAttribute.AsPath.Segment.AS_SET || type > PathAttribute.AsPath.Segment.AS_CONFED_SET) {
                throw new IllegalArgumentException("unknown AS_PATH segment type " + type);
            }
            Longs asns = s.asns();
            if (asns.length() == 0) {
                throw new IllegalArgumentException("empty AS_PATH segment");
            }
            boolean set = type == PathAttribute.AsPath.Segment.AS_SET || type == PathAttribute.AsPath.Segment.AS_CONFED_SET;
            if (set && asns.length() > MAX_SEGMENT_ASNS) {
                throw new IllegalArgumentException("AS_SET of " + asns.length() + " ASes exceeds 255");
            }
            for (int from = 0; from < asns.length(); from += MAX_SEGMENT_ASNS) {
                int to = Math.min(asns.length(), from + MAX_SEGMENT_ASNS);
                out.writeByte(type);
                out.writeByte(to - from);
                for (int i = from; i < to; i++) {
                    int asn = EncodeChecks.u32(asns.get(i), "AS number");
                    if (asSize == 4) {
                        out.writeInt(asn);
                    } else {
                        out.writeShort(asns.get(i) > 0xFFFF ? Open.AS_TRANS : asn);
                    }
                }
            }
        }
    }

    /**
     * The AS4_PATH (optional transitive, type 17) to send beside a 2-byte AS_PATH, or null when
     * every AS fits two bytes. Confederation segments are left out, as RFC 6793 4.2.2 requires.
     */
    static PathAttribute.Unknown as4PathFor(PathAttribute.AsPath path) {
        boolean needed = path.segments().stream().anyMatch(s -> s.asns().stream().anyMatch(a -> a > 0xFFFF));
        if (!needed) {
            return null;
        }
        List<PathAttribute.AsPath.Segment> kept = path.segments().stream()
                .filter(s -> s.type() == PathAttribute.AsPath.Segment.AS_SET
                        || s.type() == PathAttribute.AsPath.Segment.AS_SEQUENCE)
                .toList();
        PathAttribute.AsPath as4 = new PathAttribute.AsPath(kept);
        ByteBuf buf = Unpooled.buffer(valueLength(as4, 4));
        try {
            write(buf, as4, 4);
            return new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, AS4_PATH,
                    DecodeErrors.bytes(buf, 0, buf.readableBytes()));
        } finally {
            buf.release();
        }
    }
}
