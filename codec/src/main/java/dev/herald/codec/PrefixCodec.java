package dev.herald.codec;

import io.netty.buffer.ByteBuf;
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
        int n = p.wireBytes();
        out.writeByte(p.length());
        writeLeftAligned(out, p.high(), Math.min(n, 8));
        if (n > 8) {
            writeLeftAligned(out, p.low(), n - 8);
        }
    }

    /** The top {@code n} (0 to 8) bytes of {@code v}, big-endian. */
    private static void writeLeftAligned(ByteBuf out, long v, int n) {
        if (n == 8) {
            out.writeLong(v);
            return;
        }
        if (n >= 4) {
            out.writeInt((int) (v >>> 32));
            v <<= 32;
            n -= 4;
        }
        if (n >= 2) {
            out.writeShort((int) (v >>> 48));
            v <<= 16;
            n -= 2;
        }
        if (n == 1) {
            out.writeByte((int) (v >>> 56));
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
     * <p>Two passes: the first checks every length against the family and the field, so the
     * error (if any) is the one at the first bad prefix, as a single pass would find it, and
     * counts; the second builds exactly one {@link Prefix} per prefix straight from the buffer
     * (no address array, no list growth). Nothing is allocated for a field that turns out bad.
     *
     * @param subcode the UPDATE error subcode for a malformed field: 10 for the message body's
     *                fields, 9 inside MP_REACH_NLRI/MP_UNREACH_NLRI (RFC 4760 section 7)
     * @param quoted  the attribute whose bytes are the NOTIFICATION data of that error, or null
     *                for empty data (the body's fields); copied only when there is an error
     * @return an immutable list
     */
    static List<Prefix> readAll(ByteBuf field, Afi afi, int subcode, RawAttribute quoted, String where)
            throws BgpDecodeException {
        int start = field.readerIndex();
        int end = field.writerIndex();
        int max = afi.maxPrefixLength();
        int count = 0;
        for (int i = start; i < end; count++) {
            int length = field.getUnsignedByte(i);
            if (length > max) {
                throw DecodeErrors.update(subcode, data(quoted), "prefix length " + length + " in " + where
                        + " exceeds " + max);
            }
            int n = (length + 7) >>> 3;
            if (end - i - 1 < n) {
                throw DecodeErrors.update(subcode, data(quoted), "/" + length + " prefix in " + where
                        + " runs past the field");
            }
            i += 1 + n;
        }
        field.readerIndex(end);
        if (count == 0) {
            return List.of();
        }
        Prefix[] out = new Prefix[count];
        for (int k = 0, i = start; k < count; k++) {
            int length = field.getUnsignedByte(i);
            int n = (length + 7) >>> 3;
            // Whole longs where the field has 8 bytes left, even past this prefix: ofMasked clears
            // every bit past the prefix length, so what follows in the field does not matter.
            long high = i + 9 <= end ? field.getLong(i + 1) : leftAligned(field, i + 1, Math.min(n, 8));
            long low = n <= 8 ? 0 : i + 17 <= end ? field.getLong(i + 9) : leftAligned(field, i + 9, n - 8);
            out[k] = Prefix.ofMasked(afi, high, low, length);
            i += 1 + n;
        }
        return List.of(out);
    }

    private static byte[] data(RawAttribute quoted) {
        return quoted == null ? new byte[0] : quoted.wholeAttribute();
    }

    /** {@code n} (0 to 8) bytes at {@code index}, big-endian, in the top bytes of a long; the rest zero. */
    private static long leftAligned(ByteBuf b, int index, int n) {
        if (n == 8) {
            return b.getLong(index);
        }
        long v = 0;
        int shift = 56;
        if (n >= 4) {
            v = b.getUnsignedInt(index) << 32;
            index += 4;
            n -= 4;
            shift = 24;
        }
        if (n >= 2) {
            v |= (long) b.getUnsignedShort(index) << (shift - 8);
            index += 2;
            n -= 2;
            shift -= 16;
        }
        if (n == 1) {
            v |= (long) b.getUnsignedByte(index) << shift;
        }
        return v;
    }
}
