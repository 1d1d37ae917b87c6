package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.PathAttribute;
import java.util.Arrays;
import java.util.List;

/**
 * What a peer is sent for a route: family, next hop (4 bytes for NEXT_HOP, 16 or 32 for
 * MP_REACH_NLRI) and the other path attributes in type order. Interned per update group, so the
 * routes that share one are packed together into the same UPDATEs.
 */
public final class Advertisement {
    private final Family family;
    private final List<PathAttribute> attributes;
    private final byte[] nextHop;
    private final int hash;

    Advertisement(Family family, List<PathAttribute> attributes, byte[] nextHop) {
        this.family = family;
        this.attributes = List.copyOf(attributes);
        this.nextHop = nextHop.clone();
        this.hash = (family.hashCode() * 31 + this.attributes.hashCode()) * 31 + Arrays.hashCode(nextHop);
    }

    public Family family() {
        return family;
    }

    /** Path attributes in ascending type order, without NEXT_HOP and MP_REACH_NLRI. */
    public List<PathAttribute> attributes() {
        return attributes;
    }

    public byte[] nextHop() {
        return nextHop.clone();
    }

    byte[] nextHopBytes() {
        return nextHop;
    }

    /** The next hop as text ({@code global + link-local} for the 32-byte form). */
    public String nextHopText() {
        if (nextHop.length == 32) {
            return InetAddresses.toText(Arrays.copyOf(nextHop, 16)) + " + "
                    + InetAddresses.toText(Arrays.copyOfRange(nextHop, 16, 32));
        }
        return InetAddresses.toText(nextHop);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Advertisement a && a.hash == hash && a.family.equals(family)
                && Arrays.equals(a.nextHop, nextHop) && a.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return family + " next-hop " + nextHopText() + " " + AttributeText.of(attributes);
    }
}
