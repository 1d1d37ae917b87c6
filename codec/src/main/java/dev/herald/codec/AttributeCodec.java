package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The path attribute list of an UPDATE (RFC 4271 4.3 and 5), with the error handling of RFC 4271
 * 6.3 as revised by RFC 7606.
 *
 * <p>Errors that RFC 7606 answers with treat-as-withdraw (malformed ORIGIN, AS_PATH, NEXT_HOP,
 * MULTI_EXIT_DISC, LOCAL_PREF, including flag conflicts) do not stop decoding: the rest of the
 * message is still parsed, because a later error that needs a session reset must win (RFC 7606
 * section 3, "the most severe action"). Framing errors, MP_REACH/MP_UNREACH errors and an
 * unrecognised well-known attribute reset the session at once.
 */
final class AttributeCodec {
    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MULTI_EXIT_DISC = 4;
    static final int LOCAL_PREF = 5;
    static final int ATOMIC_AGGREGATE = 6;

    private static final int WELL_KNOWN = PathAttribute.FLAG_TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = PathAttribute.FLAG_OPTIONAL;
    private static final int CATEGORY_BITS = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private AttributeCodec() {
    }

    /**
     * The attributes decoded, and the first error for which RFC 7606 prescribes treat-as-withdraw
     * (null when none): the caller throws it once the NLRI have parsed cleanly.
     */
    record Decoded(List<PathAttribute> attributes, BgpDecodeException treatAsWithdraw) {
    }

    static Decoded readAll(ByteBuf list, CodecContext ctx) throws BgpDecodeException {
        List<PathAttribute> out = new ArrayList<>();
        BgpDecodeException deferred = null;
        boolean[] seen = new boolean[256];
        while (list.isReadable()) {
            int start = list.readerIndex();
            if (list.readableBytes() < 3) {
                throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST, "truncated attribute header");
            }
            int flags = list.readUnsignedByte();
            int type = list.readUnsignedByte();
            boolean extended = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
            if (extended && list.readableBytes() < 2) {
                throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST, "truncated attribute header");
            }
            int length = extended ? list.readUnsignedShort() : list.readUnsignedByte();
            if (length > list.readableBytes()) {
                throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST,
                        "attribute " + type + " of length " + length + " runs past the attribute list");
            }
            ByteBuf value = list.readSlice(length);
            if (seen[type]) {
                if (type == MpNlriCodec.MP_REACH_NLRI || type == MpNlriCodec.MP_UNREACH_NLRI) {
                    throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST, "attribute " + type + " repeated");
                }
                // RFC 7606 3.g: later occurrences of any other attribute are discarded.
                continue;
            }
            seen[type] = true;
            RawAttribute raw = new RawAttribute(flags, type, value, list, start, list.readerIndex() - start);
            try {
                out.add(decode(raw, ctx));
            } catch (BgpDecodeException e) {
                if (!e.treatAsWithdraw()) {
                    throw e;
                }
                if (deferred == null) {
                    deferred = e;
                }
            }
        }
        return new Decoded(out, deferred);
    }

    private static PathAttribute decode(RawAttribute raw, CodecContext ctx) throws BgpDecodeException {
        return switch (raw.typeCode()) {
            case ORIGIN -> {
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, 1);
                int origin = raw.value().readUnsignedByte();
                if (origin > 2) {
                    throw DecodeErrors.withdraw(DecodeErrors.INVALID_ORIGIN_ATTRIBUTE, raw.wholeAttribute(),
                            "undefined ORIGIN " + origin);
                }
                yield new PathAttribute.Origin(origin);
            }
            case AS_PATH -> {
                checkFlags(raw, WELL_KNOWN, true);
                yield AsPathCodec.decode(raw.value(), ctx.fourOctetAs() ? 4 : 2);
            }
            case NEXT_HOP -> {
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, 4);
                byte[] address = new byte[4];
                raw.value().readBytes(address);
                if (!validNextHop(address)) {
                    throw DecodeErrors.withdraw(DecodeErrors.INVALID_NEXT_HOP_ATTRIBUTE, raw.wholeAttribute(),
                            "NEXT_HOP " + InetAddresses.toText(address) + " is not a unicast host address");
                }
                yield new PathAttribute.NextHop(address);
            }
            case MULTI_EXIT_DISC -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, true);
                checkLength(raw, 4);
                yield new PathAttribute.MultiExitDisc(raw.value().readUnsignedInt());
            }
            case LOCAL_PREF -> {
                // TODO(RFC 7606 7.5): from an external peer a malformed LOCAL_PREF is discarded,
                // not treat-as-withdraw; the codec does not know the session type.
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, 4);
                yield new PathAttribute.LocalPref(raw.value().readUnsignedInt());
            }
            case MpNlriCodec.MP_REACH_NLRI -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, false);
                yield MpNlriCodec.decodeReach(raw);
            }
            case MpNlriCodec.MP_UNREACH_NLRI -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, false);
                yield MpNlriCodec.decodeUnreach(raw);
            }
            default -> {
                // ATOMIC_AGGREGATE is the one other well-known attribute; everything else that
                // claims to be well-known is one we cannot recognise (RFC 4271 6.3).
                if ((raw.flags() & PathAttribute.FLAG_OPTIONAL) == 0 && raw.typeCode() != ATOMIC_AGGREGATE) {
                    throw DecodeErrors.update(DecodeErrors.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, raw.wholeAttribute(),
                            "unrecognised well-known attribute " + raw.typeCode());
                }
                yield new PathAttribute.Unknown(raw.flags(), raw.typeCode(), raw.valueBytes());
            }
        };
    }

    /**
     * Only the Optional and Transitive bits are compared: RFC 7606 3.c defines the conflict on
     * those two, and the Partial bit of a well-known attribute carries no meaning to act on.
     */
    private static void checkFlags(RawAttribute raw, int expected, boolean withdraw) throws BgpDecodeException {
        if ((raw.flags() & CATEGORY_BITS) != expected) {
            String reason = "attribute " + raw.typeCode() + " has flags 0x" + Integer.toHexString(raw.flags());
            throw withdraw
                    ? DecodeErrors.withdraw(DecodeErrors.ATTRIBUTE_FLAGS_ERROR, raw.wholeAttribute(), reason)
                    : DecodeErrors.update(DecodeErrors.ATTRIBUTE_FLAGS_ERROR, raw.wholeAttribute(), reason);
        }
    }

    /** RFC 7606 7.1 and 7.3 to 7.5: a fixed-size attribute of the wrong size is treat-as-withdraw. */
    private static void checkLength(RawAttribute raw, int expected) throws BgpDecodeException {
        if (raw.length() != expected) {
            throw DecodeErrors.withdraw(DecodeErrors.ATTRIBUTE_LENGTH_ERROR, raw.wholeAttribute(),
                    "attribute " + raw.typeCode() + " has length " + raw.length() + ", expected " + expected);
        }
    }

    /**
     * RFC 4271 6.3 asks for a syntactically valid host address; like common implementations,
     * 0/8, loopback 127/8 and 224/3 (multicast and reserved, including broadcast) are refused.
     */
    private static boolean validNextHop(byte[] a) {
        int first = a[0] & 0xFF;
        return first != 0 && first != 127 && first < 224;
    }

    /**
     * Writes the attributes: MP_REACH_NLRI and MP_UNREACH_NLRI first, as RFC 7606 5.1 requires,
     * then the rest in ascending type order as RFC 4271 5 recommends. Towards a 2-octet peer an
     * AS4_PATH is added when the AS_PATH holds 4-byte AS numbers (RFC 6793 4.2.2).
     */
    static void writeAll(ByteBuf out, List<PathAttribute> attributes, CodecContext ctx) {
        List<PathAttribute> all = new ArrayList<>(attributes);
        if (!ctx.fourOctetAs() && all.stream().noneMatch(a -> a.typeCode() == AsPathCodec.AS4_PATH)) {
            for (PathAttribute a : attributes) {
                if (a instanceof PathAttribute.AsPath p) {
                    PathAttribute.Unknown as4 = AsPathCodec.as4PathFor(p);
                    if (as4 != null) {
                        all.add(as4);
                    }
                }
            }
        }
        all.sort(Comparator.comparingInt(AttributeCodec::sendOrder));
        boolean[] seen = new boolean[256];
        for (PathAttribute a : all) {
            int type = EncodeChecks.u8(a.typeCode(), "attribute type");
            if (seen[type]) {
                throw new IllegalArgumentException("attribute type " + type + " appears more than once");
            }
            seen[type] = true;
            write(out, a, ctx);
        }
    }

    private static int sendOrder(PathAttribute a) {
        int t = a.typeCode();
        return t == MpNlriCodec.MP_REACH_NLRI || t == MpNlriCodec.MP_UNREACH_NLRI ? t - 256 : t;
    }

    private static void write(ByteBuf out, PathAttribute a, CodecContext ctx) {
        int asSize = ctx.fourOctetAs() ? 4 : 2;
        int length = switch (a) {
            case PathAttribute.Origin _ -> 1;
            case PathAttribute.AsPath p -> AsPathCodec.valueLength(p, asSize);
            case PathAttribute.NextHop _ -> 4;
            case PathAttribute.MultiExitDisc _ -> 4;
            case PathAttribute.LocalPref _ -> 4;
            case PathAttribute.MpReachNlri m -> MpNlriCodec.reachValueLength(m);
            case PathAttribute.MpUnreachNlri m -> MpNlriCodec.unreachValueLength(m);
            case PathAttribute.Unknown u -> u.value().length;
        };
        int flags = switch (a) {
            case PathAttribute.MultiExitDisc _ -> OPTIONAL_NON_TRANSITIVE;
            case PathAttribute.MpReachNlri _ -> OPTIONAL_NON_TRANSITIVE;
            case PathAttribute.MpUnreachNlri _ -> OPTIONAL_NON_TRANSITIVE;
            // A received attribute's flags are kept, extended-length bit included, so that
            // re-encoding reproduces it byte for byte.
            case PathAttribute.Unknown u -> EncodeChecks.u8(u.flags(), "attribute flags");
            default -> WELL_KNOWN;
        };
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("attribute " + a.typeCode() + " of " + length + " bytes is too long");
        }
        if (length > 255) {
            flags |= PathAttribute.FLAG_EXTENDED_LENGTH;
        }
        out.writeByte(flags);
        out.writeByte(a.typeCode());
        if ((flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0) {
            out.writeShort(length);
        } else {
            out.writeByte(length);
        }
        int valueStart = out.writerIndex();
        switch (a) {
            case PathAttribute.Origin o -> out.writeByte(EncodeChecks.u8(o.value(), "ORIGIN"));
            case PathAttribute.AsPath p -> AsPathCodec.write(out, p, asSize);
            case PathAttribute.NextHop n -> out.writeBytes(n.address());
            case PathAttribute.MultiExitDisc m -> out.writeInt(EncodeChecks.u32(m.value(), "MULTI_EXIT_DISC"));
            case PathAttribute.LocalPref l -> out.writeInt(EncodeChecks.u32(l.value(), "LOCAL_PREF"));
            case PathAttribute.MpReachNlri m -> MpNlriCodec.writeReach(out, m);
            case PathAttribute.MpUnreachNlri m -> MpNlriCodec.writeUnreach(out, m);
            case PathAttribute.Unknown u -> out.writeBytes(u.value());
        }
        assert out.writerIndex() - valueStart == length : "length computed for " + a + " disagrees with its encoding";
    }
}
