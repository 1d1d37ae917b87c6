package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The path attribute list of an UPDATE (RFC 4271 4.3 and 5), with the error handling of RFC 4271
 * 6.3 as revised by RFC 7606.
 *
 * <p>Errors that RFC 7606 answers with treat-as-withdraw or attribute discard do not stop
 * decoding: they are collected, and the rest of the message is still parsed, because a later
 * error that needs a session reset must win (RFC 7606 section 3, "the most severe action").
 * MP_REACH/MP_UNREACH errors, a repeated MP attribute and an unrecognised well-known attribute
 * reset the session at once.
 */
final class AttributeCodec {
    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MULTI_EXIT_DISC = 4;
    static final int LOCAL_PREF = 5;
    static final int ATOMIC_AGGREGATE = 6;
    static final int AGGREGATOR = 7;
    static final int COMMUNITIES = 8;
    static final int ORIGINATOR_ID = 9;
    static final int CLUSTER_LIST = 10;
    static final int EXTENDED_COMMUNITIES = 16;
    static final int AS4_AGGREGATOR = 18;
    static final int LARGE_COMMUNITIES = 32;

    private static final int WELL_KNOWN = PathAttribute.FLAG_TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = PathAttribute.FLAG_OPTIONAL;
    private static final int OPTIONAL_TRANSITIVE = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;
    private static final int CATEGORY_BITS = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private AttributeCodec() {
    }

    /**
     * The attributes decoded and the errors RFC 7606 lets the session survive.
     *
     * @param present type codes that occurred in the list, well-formed or not
     */
    record Decoded(List<PathAttribute> attributes, List<UpdateError> errors, boolean[] present) {
    }

    /** An attribute to leave out (RFC 7606 attribute discard), with what RFC 4271 would have sent. */
    private static final class Discard extends Exception {
        final BgpDecodeException error;

        Discard(BgpDecodeException error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    static Decoded readAll(ByteBuf list, CodecContext ctx) throws BgpDecodeException {
        List<PathAttribute> out = new ArrayList<>();
        List<UpdateError> errors = new ArrayList<>();
        boolean[] seen = new boolean[256];
        PathAttribute.AsPath as4Path = null;
        long aggregatorAs = -1;
        boolean as4Aggregator = false;
        while (list.isReadable()) {
            int start = list.readerIndex();
            int headerSize = (list.getUnsignedByte(start) & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (list.readableBytes() < headerSize) {
                errors.add(framing("truncated attribute header: " + list.readableBytes() + " bytes left"));
                break;
            }
            int flags = list.readUnsignedByte();
            int type = list.readUnsignedByte();
            int length = headerSize == 4 ? list.readUnsignedShort() : list.readUnsignedByte();
            if (length > list.readableBytes()) {
                errors.add(framing("attribute " + type + " of length " + length + " runs past the attribute list"));
                break;
            }
            ByteBuf value = list.readSlice(length);
            RawAttribute raw = new RawAttribute(flags, type, value, list, start, list.readerIndex() - start);
            if (seen[type]) {
                if (type == MpNlriCodec.MP_REACH_NLRI || type == MpNlriCodec.MP_UNREACH_NLRI) {
                    // RFC 7606 3.g: the NLRI cannot be known for sure; reset.
                    throw DecodeErrors.update(DecodeErrors.MALFORMED_ATTRIBUTE_LIST, "attribute " + type + " repeated");
                }
                // RFC 7606 3.g: later occurrences of any other attribute are discarded.
                errors.add(new UpdateError(UpdateError.Action.ATTRIBUTE_DISCARD, type,
                        new Notification(Notification.UPDATE_MESSAGE_ERROR, DecodeErrors.MALFORMED_ATTRIBUTE_LIST,
                                raw.wholeAttribute()), "attribute " + type + " repeated; the later one is discarded"));
                continue;
            }
            seen[type] = true;
            try {
                switch (type) {
                    case AsPathCodec.AS4_PATH -> as4Path = decodeAs4Path(raw, ctx);
                    default -> {
                        PathAttribute a = decode(raw, ctx);
                        if (type == AGGREGATOR) {
                            aggregatorAs = ctx.fourOctetAs() ? raw.value().getUnsignedInt(raw.value().readerIndex())
                                    : raw.value().getUnsignedShort(raw.value().readerIndex());
                        }
                        as4Aggregator |= type == AS4_AGGREGATOR;
                        out.add(a);
                    }
                }
            } catch (BgpDecodeException e) {
                if (!e.treatAsWithdraw()) {
                    throw e;
                }
                errors.add(UpdateError.of(UpdateError.Action.TREAT_AS_WITHDRAW, type, e));
            } catch (Discard d) {
                errors.add(UpdateError.of(UpdateError.Action.ATTRIBUTE_DISCARD, type, d.error));
            }
        }
        if (as4Path != null) {
            // RFC 6793 4.2.3: the AGGREGATOR decides only when an AS4_AGGREGATOR came beside it.
            mergeAs4Path(out, as4Path, as4Aggregator ? aggregatorAs : -1, errors);
        }
        return new Decoded(out, errors, seen);
    }

    /** RFC 7606 section 4: the attribute list's own framing is broken; the NLRI can still be found. */
    private static UpdateError framing(String reason) {
        return new UpdateError(UpdateError.Action.TREAT_AS_WITHDRAW, 0,
                new Notification(Notification.UPDATE_MESSAGE_ERROR, DecodeErrors.MALFORMED_ATTRIBUTE_LIST, new byte[0]),
                reason);
    }

    private static PathAttribute decode(RawAttribute raw, CodecContext ctx) throws BgpDecodeException, Discard {
        ByteBuf v = raw.value();
        return switch (raw.typeCode()) {
            case ORIGIN -> {
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, raw.length() == 1);
                int origin = v.readUnsignedByte();
                if (origin > 2) {
                    throw DecodeErrors.withdraw(DecodeErrors.INVALID_ORIGIN_ATTRIBUTE, raw.wholeAttribute(),
                            "undefined ORIGIN " + origin);
                }
                yield new PathAttribute.Origin(origin);
            }
            case AS_PATH -> {
                checkFlags(raw, WELL_KNOWN, true);
                PathAttribute.AsPath path = AsPathCodec.decode(v, ctx.fourOctetAs() ? 4 : 2);
                if (ctx.externalPeer() && AsPathCodec.hasConfederationSegment(path)) {
                    // RFC 5065 5: confederation segments from outside the confederation make the
                    // AS_PATH malformed, which RFC 7606 7.2 answers with treat-as-withdraw.
                    throw DecodeErrors.withdraw(DecodeErrors.MALFORMED_AS_PATH, new byte[0],
                            "AS_PATH from an external peer carries confederation segments");
                }
                yield path;
            }
            case NEXT_HOP -> {
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, raw.length() == 4);
                byte[] address = new byte[4];
                v.readBytes(address);
                if (!validNextHop(address)) {
                    throw DecodeErrors.withdraw(DecodeErrors.INVALID_NEXT_HOP_ATTRIBUTE, raw.wholeAttribute(),
                            "NEXT_HOP " + InetAddresses.toText(address) + " is not a unicast host address");
                }
                yield new PathAttribute.NextHop(Bytes.adopt(address));
            }
            case MULTI_EXIT_DISC -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, true);
                checkLength(raw, raw.length() == 4);
                yield new PathAttribute.MultiExitDisc(v.readUnsignedInt());
            }
            case LOCAL_PREF -> {
                // RFC 7606 7.5 (and RFC 4271 5.1.5): from an external peer it is discarded,
                // well-formed or not.
                discardFromExternalPeer(raw, ctx, "LOCAL_PREF");
                checkFlags(raw, WELL_KNOWN, true);
                checkLength(raw, raw.length() == 4);
                yield new PathAttribute.LocalPref(v.readUnsignedInt());
            }
            case ATOMIC_AGGREGATE -> {
                // RFC 7606 7.6 discards one of the wrong length; its flags fall under 3.c like any other.
                checkFlags(raw, WELL_KNOWN, true);
                discardUnless(raw, raw.length() == 0, DecodeErrors.ATTRIBUTE_LENGTH_ERROR);
                yield opaque(raw);
            }
            case AGGREGATOR -> {
                // RFC 7606 7.7: AS (2 or 4 bytes as negotiated) and an IPv4 address, else discarded;
                // wrong flags are 3.c, which 7.7 does not revise.
                checkFlags(raw, OPTIONAL_TRANSITIVE, true);
                discardUnless(raw, raw.length() == (ctx.fourOctetAs() ? 8 : 6), DecodeErrors.ATTRIBUTE_LENGTH_ERROR);
                yield opaque(raw);
            }
            case AS4_AGGREGATOR -> {
                ignoreFromFourOctetPeer(raw, ctx);
                // RFC 6793 6 discards one of the wrong length; wrong flags are RFC 7606 3.c.
                checkFlags(raw, OPTIONAL_TRANSITIVE, true);
                discardUnless(raw, raw.length() == 8, DecodeErrors.ATTRIBUTE_LENGTH_ERROR);
                yield opaque(raw);
            }
            case COMMUNITIES -> new PathAttribute.Communities(communityValues(raw, 4, ByteBuf::readUnsignedInt));
            case ORIGINATOR_ID -> {
                // RFC 7606 7.9: from an external peer discarded, well-formed or not; else four
                // bytes, or treat-as-withdraw.
                discardFromExternalPeer(raw, ctx, "ORIGINATOR_ID");
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, true);
                checkLength(raw, raw.length() == 4);
                yield opaque(raw);
            }
            case CLUSTER_LIST -> {
                // RFC 7606 7.10: from an external peer discarded, well-formed or not; else a
                // non-zero multiple of 4, or treat-as-withdraw.
                discardFromExternalPeer(raw, ctx, "CLUSTER_LIST");
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, true);
                checkLength(raw, raw.length() > 0 && raw.length() % 4 == 0);
                yield opaque(raw);
            }
            case MpNlriCodec.MP_REACH_NLRI -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, false);
                yield MpNlriCodec.decodeReach(raw);
            }
            case MpNlriCodec.MP_UNREACH_NLRI -> {
                checkFlags(raw, OPTIONAL_NON_TRANSITIVE, false);
                yield MpNlriCodec.decodeUnreach(raw);
            }
            case EXTENDED_COMMUNITIES -> new PathAttribute.ExtendedCommunities(communityValues(raw, 8, ByteBuf::readLong));
            case LARGE_COMMUNITIES -> {
                List<PathAttribute.LargeCommunities.LargeCommunity> values =
                        new ArrayList<>(communityCount(raw, 12));
                while (v.isReadable()) {
                    values.add(new PathAttribute.LargeCommunities.LargeCommunity(v.readUnsignedInt(),
                            v.readUnsignedInt(), v.readUnsignedInt()));
                }
                yield new PathAttribute.LargeCommunities(values);
            }
            default -> {
                // Everything else that claims to be well-known is one we cannot recognise (RFC 4271 6.3).
                if ((raw.flags() & PathAttribute.FLAG_OPTIONAL) == 0) {
                    throw DecodeErrors.update(DecodeErrors.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, raw.wholeAttribute(),
                            "unrecognised well-known attribute " + raw.typeCode());
                }
                yield opaque(raw);
            }
        };
    }

    private static PathAttribute.Unknown opaque(RawAttribute raw) {
        return new PathAttribute.Unknown(raw.flags(), raw.typeCode(), Bytes.adopt(raw.valueBytes()));
    }

    /**
     * AS4_PATH (RFC 6793): only meaningful from a 2-octet peer, where it is merged into AS_PATH
     * once the whole list is read. From a 4-octet peer it is ignored (RFC 6793 4.1); a malformed
     * one is discarded (RFC 6793 6), never a reason to drop routes. Wrong flags are RFC 7606 3.c,
     * which RFC 6793 6 does not revise.
     */
    private static PathAttribute.AsPath decodeAs4Path(RawAttribute raw, CodecContext ctx)
            throws BgpDecodeException, Discard {
        ignoreFromFourOctetPeer(raw, ctx);
        checkFlags(raw, OPTIONAL_TRANSITIVE, true);
        PathAttribute.AsPath path;
        try {
            path = AsPathCodec.decode(raw.value(), 4);
        } catch (BgpDecodeException e) {
            throw new Discard(DecodeErrors.update(DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, raw.wholeAttribute(),
                    "malformed AS4_PATH: " + e.reason()));
        }
        if (AsPathCodec.hasConfederationSegment(path)) {
            throw new Discard(DecodeErrors.update(DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, raw.wholeAttribute(),
                    "AS4_PATH carries confederation segments"));
        }
        return path;
    }

    /** RFC 6793 4.2.3: the real path from a 2-octet AS_PATH and the AS4_PATH beside it. */
    private static void mergeAs4Path(List<PathAttribute> out, PathAttribute.AsPath as4Path, long aggregatorAs,
                                     List<UpdateError> errors) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof PathAttribute.AsPath asPath) {
                if (aggregatorAs >= 0 && aggregatorAs != Open.AS_TRANS) {
                    errors.add(ignoredAs4Path("AGGREGATOR names AS " + aggregatorAs + ", not AS_TRANS"));
                    return;
                }
                PathAttribute.AsPath merged = AsPathCodec.reconstruct(asPath, as4Path);
                if (merged == null) {
                    errors.add(ignoredAs4Path("AS4_PATH is longer than AS_PATH"));
                    return;
                }
                out.set(i, merged);
                return;
            }
        }
    }

    private static UpdateError ignoredAs4Path(String reason) {
        return new UpdateError(UpdateError.Action.ATTRIBUTE_DISCARD, AsPathCodec.AS4_PATH,
                new Notification(Notification.UPDATE_MESSAGE_ERROR, DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, new byte[0]),
                reason + ": AS4_PATH ignored (RFC 6793 4.2.3)");
    }

    /** RFC 6793 4.1: AS4_PATH and AS4_AGGREGATOR from a 4-octet AS peer are discarded, whatever their shape. */
    private static void ignoreFromFourOctetPeer(RawAttribute raw, CodecContext ctx) throws Discard {
        if (ctx.fourOctetAs()) {
            throw new Discard(DecodeErrors.update(DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, raw.wholeAttribute(),
                    "attribute " + raw.typeCode() + " from a 4-octet AS peer is ignored"));
        }
    }

    /** RFC 7606 7.5, 7.9, 7.10: attributes that only an internal peer may send, discarded from an external one. */
    private static void discardFromExternalPeer(RawAttribute raw, CodecContext ctx, String name) throws Discard {
        if (ctx.externalPeer()) {
            throw new Discard(DecodeErrors.update(DecodeErrors.OPTIONAL_ATTRIBUTE_ERROR, raw.wholeAttribute(),
                    name + " from an external peer is ignored"));
        }
    }

    private static void discardUnless(RawAttribute raw, boolean ok, int subcode) throws Discard {
        if (!ok) {
            throw new Discard(DecodeErrors.update(subcode, raw.wholeAttribute(), "attribute " + raw.typeCode()
                    + " with flags 0x" + Integer.toHexString(raw.flags()) + " and length " + raw.length()
                    + " is malformed"));
        }
    }

    /**
     * Only the Optional and Transitive bits are compared: RFC 7606 3.c defines the conflict on
     * those two, and the Partial bit of a well-known attribute carries no meaning to act on. 3.c
     * makes a conflict treat-as-withdraw for every attribute whose own rules say nothing else:
     * all known ones but MP_REACH_NLRI and MP_UNREACH_NLRI, whose errors reset the session
     * ({@code withdraw} false) because the NLRI they carry can no longer be trusted.
     */
    private static void checkFlags(RawAttribute raw, int expected, boolean withdraw) throws BgpDecodeException {
        if ((raw.flags() & CATEGORY_BITS) != expected) {
            String reason = "attribute " + raw.typeCode() + " has flags 0x" + Integer.toHexString(raw.flags());
            throw withdraw
                    ? DecodeErrors.withdraw(DecodeErrors.ATTRIBUTE_FLAGS_ERROR, raw.wholeAttribute(), reason)
                    : DecodeErrors.update(DecodeErrors.ATTRIBUTE_FLAGS_ERROR, raw.wholeAttribute(), reason);
        }
    }

    /** RFC 7606 7.1, 7.3 to 7.5, 7.8 to 7.10, 7.14: an attribute of the wrong size is treat-as-withdraw. */
    /**
     * The number of values in a communities attribute (COMMUNITIES, EXTENDED and LARGE) of
     * {@code size} bytes each: optional transitive, its length a non-zero multiple of {@code size},
     * or treat-as-withdraw (RFC 7606 7.8, 7.14; RFC 8092 6).
     */
    private static int communityCount(RawAttribute raw, int size) throws BgpDecodeException {
        checkFlags(raw, OPTIONAL_TRANSITIVE, true);
        checkLength(raw, raw.length() > 0 && raw.length() % size == 0);
        return raw.length() / size;
    }

    /** The values of COMMUNITIES (4 bytes each) or EXTENDED COMMUNITIES (8), each read by {@code value}. */
    private static Longs communityValues(RawAttribute raw, int size, ToLongFunction<ByteBuf> value)
            throws BgpDecodeException {
        long[] values = new long[communityCount(raw, size)];
        ByteBuf v = raw.value();
        for (int i = 0; i < values.length; i++) {
            values[i] = value.applyAsLong(v);
        }
        return Longs.adopt(values);
    }

    private static void checkLength(RawAttribute raw, boolean ok) throws BgpDecodeException {
        if (!ok) {
            throw DecodeErrors.withdraw(DecodeErrors.ATTRIBUTE_LENGTH_ERROR, raw.wholeAttribute(),
                    "attribute " + raw.typeCode() + " has invalid length " + raw.length());
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

    /** Bytes of the value as {@link #write} writes it, AS numbers {@code asSize} bytes long. */
    static int valueLength(PathAttribute a, int asSize) {
        return switch (a) {
            case PathAttribute.Origin _ -> 1;
            case PathAttribute.AsPath p -> AsPathCodec.valueLength(p, asSize);
            case PathAttribute.NextHop _ -> 4;
            case PathAttribute.MultiExitDisc _ -> 4;
            case PathAttribute.LocalPref _ -> 4;
            case PathAttribute.MpReachNlri m -> MpNlriCodec.reachValueLength(m);
            case PathAttribute.MpUnreachNlri m -> MpNlriCodec.unreachValueLength(m);
            case PathAttribute.Communities c -> 4 * c.values().length();
            case PathAttribute.ExtendedCommunities c -> 8 * c.values().length();
            case PathAttribute.LargeCommunities c -> 12 * c.values().size();
            case PathAttribute.Unknown u -> u.value().length();
        };
    }

    private static void write(ByteBuf out, PathAttribute a, CodecContext ctx) {
        int asSize = ctx.fourOctetAs() ? 4 : 2;
        int length = valueLength(a, asSize);
        int flags = switch (a) {
            case PathAttribute.MultiExitDisc _ -> OPTIONAL_NON_TRANSITIVE;
            case PathAttribute.MpReachNlri _ -> OPTIONAL_NON_TRANSITIVE;
            case PathAttribute.MpUnreachNlri _ -> OPTIONAL_NON_TRANSITIVE;
            case PathAttribute.Communities _ -> OPTIONAL_TRANSITIVE;
            case PathAttribute.ExtendedCommunities _ -> OPTIONAL_TRANSITIVE;
            case PathAttribute.LargeCommunities _ -> OPTIONAL_TRANSITIVE;
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
            case PathAttribute.NextHop n -> n.address().writeTo(out);
            case PathAttribute.MultiExitDisc m -> out.writeInt(EncodeChecks.u32(m.value(), "MULTI_EXIT_DISC"));
            case PathAttribute.LocalPref l -> out.writeInt(EncodeChecks.u32(l.value(), "LOCAL_PREF"));
            case PathAttribute.MpReachNlri m -> MpNlriCodec.writeReach(out, m);
            case PathAttribute.MpUnreachNlri m -> MpNlriCodec.writeUnreach(out, m);
            case PathAttribute.Communities c -> {
                for (int i = 0; i < c.values().length(); i++) {
                    out.writeInt((int) c.values().get(i));
                }
            }
            case PathAttribute.ExtendedCommunities c -> {
                for (int i = 0; i < c.values().length(); i++) {
                    out.writeLong(c.values().get(i));
                }
            }
            case PathAttribute.LargeCommunities c -> {
                for (PathAttribute.LargeCommunities.LargeCommunity v : c.values()) {
                    out.writeInt((int) v.globalAdministrator());
                    out.writeInt((int) v.localData1());
                    out.writeInt((int) v.localData2());
                }
            }
            case PathAttribute.Unknown u -> u.value().writeTo(out);
        }
        assert out.writerIndex() - valueStart == length : "length computed for " + a + " disagrees with its encoding";
    }
}
