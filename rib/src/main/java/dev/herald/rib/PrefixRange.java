package dev.herald.rib;

import dev.herald.codec.Prefix;

/**
 * A prefix list entry (export policy, the kernel source's {@code prefixes}): {@code 10.0.0.0/8}
 * alone matches exactly that prefix;
 * {@code ge}/{@code le} widen it to every more specific prefix inside it whose length lies in
 * [ge, le] (as in FRR's prefix-lists and BIRD's {@code {ge,le}}).
 */
public record PrefixRange(Prefix prefix, int ge, int le) {
    public PrefixRange {
        int max = prefix.afi().maxPrefixLength();
        if (ge < prefix.length() || le > max || ge > le) {
            throw new IllegalArgumentException("need " + prefix.length() + " <= ge <= le <= " + max + " for " + prefix
                    + ", got ge " + ge + " le " + le);
        }
    }

    public static PrefixRange exact(Prefix p) {
        return new PrefixRange(p, p.length(), p.length());
    }

    public boolean matches(Prefix p) {
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
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (p.addressByte(full) & mask) == prefix.addressByte(full);
    }

    @Override
    public String toString() {
        if (ge == prefix.length() && le == prefix.length()) {
            return prefix.toString();
        }
        StringBuilder sb = new StringBuilder(prefix.toString());
        if (ge != prefix.length()) {
            sb.append(" ge ").append(ge);
        }
        sb.append(" le ").append(le);
        return sb.toString();
    }
}
