package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The capabilities inside an OPEN's optional parameter 2 (RFC 5492): code, 1-byte length, value.
 *
 * <p>A known capability whose value has the wrong shape is answered with 2/0 (OPEN Message
 * Error, Unspecific): no RFC assigns a subcode for it, and carrying on with a half-read
 * capability would negotiate something the peer did not offer. Unknown codes are kept opaque.
 */
final class CapabilityCodec {
    static final int MULTIPROTOCOL = 1;
    static final int ROUTE_REFRESH = 2;
    static final int EXTENDED_NEXT_HOP = 5;
    static final int EXTENDED_MESSAGE = 6;
    static final int BGP_ROLE = 9;
    static final int GRACEFUL_RESTART = 64;
    static final int FOUR_OCTET_AS = 65;
    static final int ADD_PATH = 69;
    static final int ENHANCED_ROUTE_REFRESH = 70;
    static final int LONG_LIVED_GRACEFUL_RESTART = 71;
    static final int FQDN = 73;

    private static final int GR_RESTART_STATE = 0x8000;
    private static final int GR_NOTIFICATION = 0x4000;
    private static final int GR_TIME_MASK = 0x0FFF;
    private static final int GR_FORWARDING_PRESERVED = 0x80;

    private CapabilityCodec() {
    }

    /** Reads every capability in one parameter's value. */
    static void readAll(ByteBuf value, List<Capability> out) throws BgpDecodeException {
        while (value.isReadable()) {
            if (value.readableBytes() < 2) {
                throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "truncated capability header");
            }
            int code = value.readUnsignedByte();
            int length = value.readUnsignedByte();
            if (length > value.readableBytes()) {
                throw DecodeErrors.open(DecodeErrors.UNSPECIFIC,
                        "capability " + code + " of length " + length + " runs past its parameter");
            }
            out.add(read(code, value.readSlice(length)));
        }
    }

    private static Capability read(int code, ByteBuf v) throws BgpDecodeException {
        int length = v.readableBytes();
        return switch (code) {
            case MULTIPROTOCOL -> {
                expect(code, length == 4, length);
                int afi = v.readUnsignedShort();
                v.skipBytes(1); // reserved
                yield new Capability.Multiprotocol(afi, v.readUnsignedByte());
            }
            case ROUTE_REFRESH -> empty(code, length, new Capability.RouteRefresh());
            case EXTENDED_NEXT_HOP -> new Capability.ExtendedNextHop(entries(code, v, 6,
                    e -> new Capability.ExtendedNextHop.Entry(e.readUnsignedShort(), e.readUnsignedShort(),
                            e.readUnsignedShort())));
            case EXTENDED_MESSAGE -> empty(code, length, new Capability.ExtendedMessage());
            case BGP_ROLE -> {
                // RFC 9234 4.1: the value is exactly one byte.
                expect(code, length == 1, length);
                yield new Capability.BgpRole(v.readUnsignedByte());
            }
            case ADD_PATH -> new Capability.AddPath(entries(code, v, 4,
                    e -> new Capability.AddPath.Entry(e.readUnsignedShort(), e.readUnsignedByte(), e.readUnsignedByte())));
            case ENHANCED_ROUTE_REFRESH -> empty(code, length, new Capability.EnhancedRouteRefresh());
            case LONG_LIVED_GRACEFUL_RESTART -> new Capability.LongLivedGracefulRestart(entries(code, v, 7,
                    e -> new Capability.LongLivedGracefulRestart.Entry(e.readUnsignedShort(), e.readUnsignedByte(),
                            e.readUnsignedByte(), e.readUnsignedMedium())));
            case FQDN -> {
                expect(code, length >= 2, length);
                int hostLength = v.readUnsignedByte();
                expect(code, hostLength + 1 < length, length);
                String host = v.readCharSequence(hostLength, StandardCharsets.ISO_8859_1).toString();
                int domainLength = v.readUnsignedByte();
                expect(code, domainLength == v.readableBytes(), length);
                String domain = v.readCharSequence(domainLength, StandardCharsets.ISO_8859_1).toString();
                yield new Capability.Fqdn(host, domain);
            }
            case GRACEFUL_RESTART -> {
                expect(code, length >= 2 && (length - 2) % 4 == 0, length);
                int flagsAndTime = v.readUnsignedShort();
                List<Capability.GracefulRestart.GrFamily> families = new ArrayList<>((length - 2) / 4);
                while (v.isReadable()) {
                    int afi = v.readUnsignedShort();
                    int safi = v.readUnsignedByte();
                    int flags = v.readUnsignedByte();
                    families.add(new Capability.GracefulRestart.GrFamily(afi, safi,
                            (flags & GR_FORWARDING_PRESERVED) != 0));
                }
                yield new Capability.GracefulRestart((flagsAndTime & GR_RESTART_STATE) != 0,
                        (flagsAndTime & GR_NOTIFICATION) != 0, flagsAndTime & GR_TIME_MASK, families);
            }
            case FOUR_OCTET_AS -> {
                expect(code, length == 4, length);
                long asn = v.readUnsignedInt();
                if (asn == 0) {
                    // RFC 7607: AS 0 in the 4-octet AS capability is answered like one in My AS.
                    throw DecodeErrors.open(DecodeErrors.BAD_PEER_AS, "4-octet AS capability carries AS 0");
                }
                yield new Capability.FourOctetAs(asn);
            }
            default -> {
                byte[] value = new byte[length];
                v.readBytes(value);
                yield new Capability.Unknown(code, Bytes.adopt(value));
            }
        };
    }

    /** A capability whose value is empty: {@code c}, once its length says so. */
    private static Capability empty(int code, int length, Capability c) throws BgpDecodeException {
        expect(code, length == 0, length);
        return c;
    }

    /** A value made of entries of {@code size} bytes each (per-family lists), each read by {@code entry}. */
    private static <T> List<T> entries(int code, ByteBuf v, int size, Function<ByteBuf, T> entry)
            throws BgpDecodeException {
        int length = v.readableBytes();
        expect(code, length % size == 0, length);
        List<T> out = new ArrayList<>(length / size);
        while (v.isReadable()) {
            out.add(entry.apply(v));
        }
        return out;
    }

    private static void expect(int code, boolean ok, int length) throws BgpDecodeException {
        if (!ok) {
            throw DecodeErrors.open(DecodeErrors.UNSPECIFIC, "capability " + code + " has invalid length " + length);
        }
    }

    /** Bytes {@link #write} produces for this capability, header included. */
    static int wireSize(Capability c) {
        return 2 + valueLength(c);
    }

    private static int valueLength(Capability c) {
        return switch (c) {
            case Capability.Multiprotocol _ -> 4;
            case Capability.RouteRefresh _ -> 0;
            case Capability.ExtendedNextHop e -> 6 * e.entries().size();
            case Capability.ExtendedMessage _ -> 0;
            case Capability.BgpRole _ -> 1;
            case Capability.GracefulRestart g -> 2 + 4 * g.families().size();
            case Capability.FourOctetAs _ -> 4;
            case Capability.AddPath a -> 4 * a.entries().size();
            case Capability.EnhancedRouteRefresh _ -> 0;
            case Capability.LongLivedGracefulRestart l -> 7 * l.entries().size();
            case Capability.Fqdn f -> 2 + f.hostname().length() + f.domain().length();
            case Capability.Unknown u -> u.value().length();
        };
    }

    static void write(ByteBuf out, Capability c) {
        int length = valueLength(c);
        if (length > 255) {
            throw new IllegalArgumentException("capability value of " + length + " bytes exceeds 255: " + c);
        }
        if (c.code() < 0 || c.code() > 255) {
            throw new IllegalArgumentException("capability code out of range: " + c);
        }
        out.writeByte(c.code());
        out.writeByte(length);
        switch (c) {
            case Capability.Multiprotocol m -> {
                out.writeShort(EncodeChecks.u16(m.afi(), "AFI"));
                out.writeByte(0);
                out.writeByte(EncodeChecks.u8(m.safi(), "SAFI"));
            }
            case Capability.RouteRefresh _, Capability.ExtendedMessage _, Capability.EnhancedRouteRefresh _ -> {
                // no value
            }
            case Capability.ExtendedNextHop e -> {
                for (Capability.ExtendedNextHop.Entry en : e.entries()) {
                    out.writeShort(EncodeChecks.u16(en.afi(), "AFI"));
                    out.writeShort(EncodeChecks.u16(en.safi(), "SAFI"));
                    out.writeShort(EncodeChecks.u16(en.nextHopAfi(), "next-hop AFI"));
                }
            }
            case Capability.GracefulRestart g -> {
                out.writeShort((g.restarting() ? GR_RESTART_STATE : 0) | (g.notification() ? GR_NOTIFICATION : 0)
                        | g.restartTime());
                for (Capability.GracefulRestart.GrFamily f : g.families()) {
                    writeFamily(out, f.afi(), f.safi());
                    out.writeByte(f.forwardingPreserved() ? GR_FORWARDING_PRESERVED : 0);
                }
            }
            case Capability.BgpRole r -> out.writeByte(r.role());
            case Capability.AddPath a -> {
                for (Capability.AddPath.Entry e : a.entries()) {
                    writeFamily(out, e.afi(), e.safi());
                    out.writeByte(EncodeChecks.u8(e.sendReceive(), "ADD-PATH send/receive"));
                }
            }
            case Capability.LongLivedGracefulRestart l -> {
                for (Capability.LongLivedGracefulRestart.Entry e : l.entries()) {
                    writeFamily(out, e.afi(), e.safi());
                    out.writeByte(EncodeChecks.u8(e.flags(), "LLGR flags"));
                    out.writeMedium(e.staleTime());
                }
            }
            case Capability.Fqdn f -> {
                out.writeByte(f.hostname().length());
                out.writeCharSequence(f.hostname(), StandardCharsets.ISO_8859_1);
                out.writeByte(f.domain().length());
                out.writeCharSequence(f.domain(), StandardCharsets.ISO_8859_1);
            }
            case Capability.FourOctetAs f -> {
                if (f.asn() < 1 || f.asn() > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("4-octet AS out of range: " + f.asn());
                }
                out.writeInt((int) f.asn());
            }
            case Capability.Unknown u -> u.value().writeTo(out);
        }
    }

    /** The AFI (2 bytes) and SAFI (1 byte) that start each per-family entry (RFC 4724, 7911, 9494). */
    private static void writeFamily(ByteBuf out, int afi, int safi) {
        out.writeShort(EncodeChecks.u16(afi, "AFI"));
        out.writeByte(EncodeChecks.u8(safi, "SAFI"));
    }
}
