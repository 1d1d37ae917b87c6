package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;
import java.util.List;

/**
 * One RTM_NEWROUTE or RTM_DELROUTE message, decoded: the rtmsg header and the attributes herald
 * looks at. Addresses are raw bytes (4 or 16); absent attributes are null or 0.
 *
 * @param deleted     RTM_DELROUTE
 * @param nlFlags     the netlink header flags (NLM_F_REPLACE on a replacing RTM_NEWROUTE)
 * @param table       RTA_TABLE when present (tables above 255), else rtm_table
 * @param priority    RTA_PRIORITY, the route's metric (0 when absent)
 * @param nextHops    the next hops: one for a plain route, several from RTA_MULTIPATH
 */
public record RouteMessage(boolean deleted, int nlFlags, int family, int dstLength, int srcLength, int tos,
        int table, int protocol, int scope, int type, int flags, byte[] destination, long priority,
        List<NextHop> nextHops) {

    /** One next hop: outgoing interface index and gateway bytes (null when none). */
    public record NextHop(int oif, byte[] gateway) {
    }

    public boolean isIpv4() {
        return family == Netlink.AF_INET;
    }

    public boolean isIpv6() {
        return family == Netlink.AF_INET6;
    }

    /** The destination as a prefix, or null when the family is not IPv4/IPv6 or the bytes do not fit. */
    public Prefix prefix() {
        int size = family == Netlink.AF_INET ? 4 : family == Netlink.AF_INET6 ? 16 : 0;
        if (size == 0) {
            return null;
        }
        byte[] a = new byte[size];
        if (destination != null) {
            System.arraycopy(destination, 0, a, 0, Math.min(size, destination.length));
        }
        if (dstLength > size * 8) {
            return null;
        }
        for (int bit = dstLength; bit < size * 8; bit++) {
            a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7)); // the kernel never sends host bits; be safe anyway
        }
        return Prefix.of(a, dstLength);
    }

    public boolean isCloned() {
        return (flags & Netlink.RTM_F_CLONED) != 0;
    }

    @Override
    public String toString() {
        Prefix p = prefix();
        return (deleted ? "del " : "new ") + RouteTypes.typeName(type) + " " + (p == null ? "family " + family : p)
                + " table " + table + " proto " + RouteTypes.protocolName(protocol) + " metric " + priority;
    }
}
