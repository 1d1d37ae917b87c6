package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;

/**
 * A prefix list entry: routes inside {@code prefix} whose length is in {@code ge..le}
 * ("203.0.113.0/24 le 32" is {@code ge = 24, le = 32}; a bare prefix is an exact match).
 */
public record PrefixRange(Prefix prefix, int ge, int le) {
    public PrefixRange {
        int max = prefix.afi().maxPrefixLength();
        if (ge < prefix.length() || le < ge || le > max) {
            throw new IllegalArgumentException("need " + prefix.length() + " <= ge <= le <= " + max + " for " + prefix
                    + ", got ge " + ge + " le " + le);
        }
    }

    public static PrefixRange exact(Prefix p) {
        return new PrefixRange(p, p.length(), p.length());
    }

    public boolean contains(Prefix p) {
        if (p.afi() != prefix.afi() || p.length() < ge || p.length() > le) {
            return false;
        }
        int bits = prefix.length();
        int full = bits >>> 3;
        for (int i = 0; i < full; i++) {
            if (p.addressByte(i) != prefix.addressByte(i)) {
                return false;
            }
        }
        int rest = bits & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF00 >>> rest) & 0xFF;
        return (p.addressByte(full) & mask) == prefix.addressByte(full);
    }

    @Override
    public String toString() {
        if (ge == prefix.length() && le == prefix.length()) {
            return prefix.toString();
        }
        return prefix + (ge != prefix.length() ? " ge " + ge : "") + " le " + le;
    }
}
