package dev.herald.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefixes as RFC 4271 4.3 lays them out: a length in bits, then just enough bytes to hold it.
 *
 * <p>Bits past the prefix length in the last byte are masked off rather than rejected: RFC 4271
 * 4.3 says "the value of trailing bits is irrelevant", so a prefix such as 10.1.2.3/24 decodes as
 * 10.1.2.0/24. Only a length beyond the family's maximum or a prefix running past the end of its
 * field makes the field invalid.
 */
final class PrefixCodec {
    private PrefixCodec() {
    }

    static int wireSize(List<Prefix> prefixes) {
        int n = 0;
        for (Prefix p : prefixes) {
            n += 1 + p.wireBytes();
        }
        return n;
    }

    static void write(ByteBuf out, Prefix p) {
        out.writeByte(p.length());
        for (int i = 0, n = p.wireBytes(); i < n; i++) {
            out.writeByte(p.addressByte(i));
        }
    }

    static void writeAll(ByteBuf out, List<Prefix> prefixes, Afi afi, String field) {
        for (Prefix p : prefixes) {
            if (p.afi() != afi) {
                throw new IllegalArgumentException(p + " cannot go in " + field + ", which carries " + afi);
            }
            write(out, p);
        }
    }

    /**
     * Reads prefixes until {@code field} is exhausted.
     *
     * @param subcode the UPDATE error subcode for a malformed field: 10 for the message body's
     *                fields, 9 inside MP_REACH_NLRI/MP_UNREACH_NLRI (RFC 4760 section 7)
     * @param data    the NOTIFICATION data to send with that error
     */
    static List<Prefix> readAll(ByteBuf field, Afi afi, int subcode, byte[] data, String where)
            throws BgpDecodeException {
        List<Prefix> out = new ArrayList<>();
        while (field.isReadable()) {
            int length = field.readUnsignedByte();
            if (length > afi.maxPrefixLength()) {
                throw DecodeErrors.update(subcode, data, "prefix length " + length + " in " + where + " exceeds "
                        + afi.maxPrefixLength());
            }
            int n = (length + 7) >>> 3;
            if (field.readableBytes() < n) {
                throw DecodeErrors.update(subcode, data, "/" + length + " prefix in " + where + " runs past the field");
            }
            byte[] address = new byte[afi.addressBytes()];
            field.readBytes(address, 0, n);
            if ((length & 7) != 0) {
                address[n - 1] &= (byte) (0xFF << (8 - (length & 7)));
            }
            out.add(Prefix.of(address, length));
        }
        return out;
    }
}
