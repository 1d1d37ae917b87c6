package dev.herald.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address literal parsing and formatting that never resolves names. */
public final class InetAddresses {
    private InetAddresses() {
    }

    /** The bytes of an IPv4 dotted quad or IPv6 literal, or null when the text is neither. */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            // Only hex digits, colons and (for a trailing IPv4 part) dots may appear, so
            // InetAddress never falls back to a DNS lookup.
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            try {
                InetAddress a = InetAddress.getByName(text);
                byte[] b = a.getAddress();
                if (b.length == 4) {
                    // Java folds "::ffff:a.b.c.d" into IPv4; keep the IPv6 form the user wrote.
                    byte[] v6 = new byte[16];
                    v6[10] = (byte) 0xFF;
                    v6[11] = (byte) 0xFF;
                    System.arraycopy(b, 0, v6, 12, 4);
                    return v6;
                }
                return b;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** Parses a literal into an InetAddress, or null. IPv6 results are always Inet6Address. */
    public static InetAddress parse(String text) {
        byte[] b = parseLiteral(text);
        if (b == null) {
            return null;
        }
        try {
            return b.length == 16 ? Inet6Address.getByAddress(null, b, null) : InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Canonical text (RFC 5952 for IPv6: lower case, longest zero run compressed). */
    public static String toText(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    public static String toText(InetAddress a) {
        return toText(a.getAddress());
    }

    /** True for IPv4-mapped IPv6 addresses (::ffff:0:0/96), which must never be a next hop. */
    public static boolean isIpv4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** True for fe80::/10. */
    public static boolean isLinkLocal6(byte[] a) {
        return a.length == 16 && (a[0] & 0xFF) == 0xFE && (a[1] & 0xC0) == 0x80;
    }
}
