package dev.herald.interop.lab;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP prefix as routers print it ({@code 203.0.113.0/24}, {@code 2001:db8:100::/48}); equality ignores spelling. */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("bad prefix length " + length + " for " + address);
        }
    }

    public static IpPrefix parse(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix: " + s);
        }
        return new IpPrefix(address(s.substring(0, slash)), Integer.parseInt(s.substring(slash + 1).trim()));
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** Parses a literal address only (never resolves names). */
    public static InetAddress address(String literal) {
        String s = literal.trim();
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (!s.matches("[0-9A-Fa-f:.]+") || s.isEmpty()) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    /** RFC 5952 text for IPv6 (longest zero run compressed, lower case), dotted quad for IPv4. */
    public static String format(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format(address) + "/" + length;
    }
}
