package dev.herald.config;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.Prefix;

/** Prefixes and address families. */
final class RouteValues {
    private RouteValues() {
    }

    static Prefix prefix(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        try {
            return Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            Prefix masked = masked(text);
            if (masked != null) {
                problems.error(node.mark(), "prefix " + text.strip() + " has host bits set; did you mean " + masked + "?");
            } else {
                problems.error(node.mark(), "'" + key + "' is not a valid prefix: " + e.getMessage());
            }
            return null;
        }
    }

    /** The prefix the user probably meant when only host bits are wrong, else null. */
    private static Prefix masked(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return null;
        }
        byte[] a = InetAddresses.parseLiteral(s.substring(0, slash));
        int length;
        try {
            length = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (a == null || length < 0 || length > a.length * 8) {
            return null;
        }
        for (int bit = length; bit < a.length * 8; bit++) {
            a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return Prefix.of(a, length);
    }

    static Family family(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        Family f = Family.ofConfigName(text);
        if (f == null) {
            String known = String.join(", ", Family.ALL.stream().map(Family::configName).toList());
            problems.error(node.mark(), "unknown address family '" + text + "'; expected one of: " + known);
        }
        return f;
    }
}
