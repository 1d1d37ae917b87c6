package dev.herald.config;

import java.util.Locale;

/**
 * The text forms of BGP communities, as numbers: standard (RFC 1997) 32 bits, extended (RFC 4360)
 * 64 bits, large (RFC 8092) three 32-bit numbers.
 */
final class CommunityValues {
    private CommunityValues() {
    }

    /**
     * {@code ASN:VALUE} (each 0..65535) or a well-known name: {@code no-export}, {@code no-advertise},
     * {@code no-export-subconfed}, {@code no-peer}, {@code graceful-shutdown}, {@code blackhole}.
     */
    static long standard(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "graceful-shutdown": return 0xFFFF0000L;
            case "blackhole": return 0xFFFF029AL;
            case "no-export": return 0xFFFFFF01L;
            case "no-advertise": return 0xFFFFFF02L;
            case "no-export-subconfed": return 0xFFFFFF03L;
            case "no-peer": return 0xFFFFFF04L;
            default:
        }
        String[] p = s.split(":", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a community: write ASN:VALUE (each 0..65535)"
                    + " or no-export, no-advertise, no-export-subconfed, no-peer, graceful-shutdown, blackhole");
        }
        return (number(p[0], 0xFFFF, text) << 16) | number(p[1], 0xFFFF, text);
    }

    /**
     * {@code rt:ASN:VALUE} or {@code soo:ASN:VALUE} (route target, site of origin): a 2-octet AS with
     * a 32-bit value (type 0x00), a 4-octet AS with a 16-bit value (type 0x02), or an IPv4 address
     * with a 16-bit value (type 0x01).
     */
    static long extended(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        String[] p = s.split(":", -1);
        if (p.length != 3 || !(p[0].equals("rt") || p[0].equals("soo"))) {
            throw new IllegalArgumentException("'" + text + "' is not an extended community: write rt:ASN:VALUE,"
                    + " soo:ASN:VALUE or rt:IPV4:VALUE");
        }
        long subtype = p[0].equals("rt") ? 0x02 : 0x03;
        if (p[1].indexOf('.') >= 0) {
            byte[] a = dev.herald.codec.InetAddresses.parseLiteral(p[1]);
            if (a == null || a.length != 4) {
                throw new IllegalArgumentException("'" + p[1] + "' in '" + text + "' is not an IPv4 address");
            }
            long ip = ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
            return (0x01L << 56) | (subtype << 48) | (ip << 16) | number(p[2], 0xFFFF, text);
        }
        long asn = number(p[1], 0xFFFF_FFFFL, text);
        if (asn <= 0xFFFF) {
            return (subtype << 48) | (asn << 32) | number(p[2], 0xFFFF_FFFFL, text);
        }
        return (0x02L << 56) | (subtype << 48) | (asn << 16) | number(p[2], 0xFFFF, text);
    }

    /** {@code GLOBAL:DATA1:DATA2}, each 0..4294967295 (RFC 8092). */
    static long[] large(String text) {
        String[] p = text.trim().split(":", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not a large community: write ASN:VALUE:VALUE");
        }
        return new long[] {number(p[0], 0xFFFF_FFFFL, text), number(p[1], 0xFFFF_FFFFL, text),
                number(p[2], 0xFFFF_FFFFL, text)};
    }

    private static long number(String s, long max, String whole) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + s + "' in '" + whole + "' is not a number");
        }
        long v = Long.parseLong(s);
        if (v > max) {
            throw new IllegalArgumentException(s + " in '" + whole + "' is above " + max);
        }
        return v;
    }
}
