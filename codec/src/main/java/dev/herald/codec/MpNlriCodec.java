package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 section 3 and 4, RFC 8950 for IPv4 NLRI with an
 * IPv6 next hop).
 *
 * <p>Anything wrong inside them is 3/9 Optional Attribute Error with the attribute as data (RFC
 * 4760 section 7) and a session reset: RFC 7606 5.3 and 7.11 rule out treat-as-withdraw when the
 * NLRI cannot be located reliably. Families herald does not speak are kept as
 * {@link PathAttribute.Unknown}, unparsed, so an unexpected family never fails an UPDATE.
 */
final class MpNlriCodec {
    static final int MP_REACH_NLRI = 14;
    static final int MP_UNREACH_NLRI = 15;

    private MpNlriCodec() {
    }

    static PathAttribute decodeReach(RawAttribute raw) throws BgpDecodeException {
        ByteBuf v = raw.value();
        Family family = readFamily(raw, 5, "MP_REACH_NLRI");
        if (family == null) {
            return new PathAttribute.Unknown(raw.flags(), raw.typeCode(), raw.valueBytes());
        }
        int nextHopLength = v.readUnsignedByte();
        if (v.readableBytes() < nextHopLength + 1) {
            throw error(raw, "next hop of " + nextHopLength + " bytes runs past MP_REACH_NLRI");
        }
        if (!validNextHopLength(family.afi(), nextHopLength)) {
            throw error(raw, "next hop of " + nextHopLength + " bytes is invalid for " + family);
        }
        byte[] nextHop = new byte[nextHopLength];
        v.readBytes(nextHop);
        v.skipBytes(1); // Reserved (the SNPA count of RFC 2858), ignored as RFC 4760 says
        List<Prefix> nlri = PrefixCodec.readAll(v, family.afi(), DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR,
                raw, "MP_REACH_NLRI");
        return new PathAttribute.MpReachNlri(family, Bytes.adopt(nextHop), nlri);
    }

    static PathAttribute decodeUnreach(RawAttribute raw) throws BgpDecodeException {
        Family family = readFamily(raw, 3, "MP_UNREACH_NLRI");
        if (family == null) {
            return new PathAttribute.Unknown(raw.flags(), raw.typeCode(), raw.valueBytes());
        }
        List<Prefix> withdrawn = PrefixCodec.readAll(raw.value(), family.afi(), DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR,
                raw, "MP_UNREACH_NLRI");
        return new PathAttribute.MpUnreachNlri(family, withdrawn);
    }

    /**
     * The AFI and SAFI that start {@code raw}'s value (at least {@code minLength} bytes, or the
     * attribute is malformed), read; null when herald does not speak that family, the value unread
     * (it is then kept opaque).
     */
    private static Family readFamily(RawAttribute raw, int minLength, String name) throws BgpDecodeException {
        ByteBuf v = raw.value();
        if (v.readableBytes() < minLength) {
            throw error(raw, name + " of " + raw.length() + " bytes is too short");
        }
        Family family = family(v);
        if (family != null) {
            v.skipBytes(3);
        }
        return family;
    }

    /** The family at the reader index, without moving it; null when herald does not speak it. */
    private static Family family(ByteBuf v) {
        return Family.ofCodes(v.getUnsignedShort(v.readerIndex()), v.getUnsignedByte(v.readerIndex() + 2));
    }

    /** IPv4 4 bytes, or 16/32 under RFC 8950; IPv6 16 (global) or 32 (global + link-local). */
    static boolean validNextHopLength(Afi afi, int length) {
        return length == 16 || length == 32 || (afi == Afi.IPV4 && length == 4);
    }

    private static BgpDecodeException error(RawAttribute raw, String reason) {
        return DecodeErrors.update(DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, raw.wholeAttribute(), reason);
    }

    static int reachValueLength(PathAttribute.MpReachNlri m) {
        return 5 + m.nextHop().length() + PrefixCodec.wireSize(m.nlri());
    }

    static int unreachValueLength(PathAttribute.MpUnreachNlri m) {
        return 3 + PrefixCodec.wireSize(m.withdrawn());
    }

    static void writeReach(ByteBuf out, PathAttribute.MpReachNlri m) {
        Bytes nextHop = m.nextHop();
        if (!validNextHopLength(m.family().afi(), nextHop.length())) {
            throw new IllegalArgumentException("next hop of " + nextHop.length() + " bytes is invalid for " + m.family());
        }
        out.writeShort(m.family().afi().code());
        out.writeByte(m.family().safi().code());
        out.writeByte(nextHop.length());
        nextHop.writeTo(out);
        out.writeByte(0);
        PrefixCodec.writeAll(out, m.nlri(), m.family().afi(), "MP_REACH_NLRI");
    }

    static void writeUnreach(ByteBuf out, PathAttribute.MpUnreachNlri m) {
        out.writeShort(m.family().afi().code());
        out.writeByte(m.family().safi().code());
        PrefixCodec.writeAll(out, m.withdrawn(), m.family().afi(), "MP_UNREACH_NLRI");
    }
}
