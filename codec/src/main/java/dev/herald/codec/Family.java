package dev.herald.codec;

import java.util.List;

/** An AFI/SAFI pair ("address family" in RFC 4760 terms). */
public record Family(Afi afi, Safi safi) {
    public static final Family IPV4_UNICAST = new Family(Afi.IPV4, Safi.UNICAST);
    public static final Family IPV6_UNICAST = new Family(Afi.IPV6, Safi.UNICAST);
    public static final List<Family> ALL = List.of(IPV4_UNICAST, IPV6_UNICAST);

    public Family {
        if (afi == null || safi == null) {
            throw new IllegalArgumentException("afi and safi are required");
        }
    }

    /** The family with these AFI and SAFI codes, or null when herald does not speak it. */
    public static Family ofCodes(int afi, int safi) {
        Afi a = Afi.ofCode(afi);
        Safi s = Safi.ofCode(safi);
        return a == null || s == null ? null : new Family(a, s);
    }

    /** The configuration name, for example {@code ipv4-unicast}. */
    public String configName() {
        return afi.name().toLowerCase() + "-" + safi.name().toLowerCase();
    }

    /** The family with this configuration name, or null. */
    public static Family ofConfigName(String name) {
        for (Family f : ALL) {
            if (f.configName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configName();
    }
}
