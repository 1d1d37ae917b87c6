package dev.herald.sources.kernel;

import java.util.Map;

/** The names iproute2 gives route types (rtm_type) and protocols (rtm_protocol). */
public final class RouteTypes {
    private RouteTypes() {
    }

    /** rtm_type names, as `ip route` prints them. */
    public static final Map<String, Integer> TYPES = Map.ofEntries(
            Map.entry("unspec", 0), Map.entry("unicast", 1), Map.entry("local", 2), Map.entry("broadcast", 3),
            Map.entry("anycast", 4), Map.entry("multicast", 5), Map.entry("blackhole", 6),
            Map.entry("unreachable", 7), Map.entry("prohibit", 8), Map.entry("throw", 9), Map.entry("nat", 10),
            Map.entry("xresolve", 11));

    /** rtm_protocol names from iproute2's rt_protos, plus 84 "ovn" (RTPROT_OVN, used by ovn-controller). */
    public static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("unspec", 0), Map.entry("redirect", 1), Map.entry("kernel", 2), Map.entry("boot", 3),
            Map.entry("static", 4), Map.entry("gated", 8), Map.entry("ra", 9), Map.entry("mrt", 10),
            Map.entry("zebra", 11), Map.entry("bird", 12), Map.entry("dnrouted", 13), Map.entry("xorp", 14),
            Map.entry("ntk", 15), Map.entry("dhcp", 16), Map.entry("mrouted", 17), Map.entry("keepalived", 18),
            Map.entry("babel", 42), Map.entry("ovn", 84), Map.entry("openr", 99), Map.entry("bgp", 186),
            Map.entry("isis", 187), Map.entry("ospf", 188), Map.entry("rip", 189), Map.entry("eigrp", 192));

    /** Well-known routing table names. */
    public static final Map<String, Integer> TABLES = Map.of("default", 253, "main", 254, "local", 255);

    public static String typeName(int type) {
        return name(TYPES, type);
    }

    public static String protocolName(int protocol) {
        return name(PROTOCOLS, protocol);
    }

    private static String name(Map<String, Integer> m, int v) {
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (e.getValue() == v) {
                return e.getKey();
            }
        }
        return Integer.toString(v);
    }
}
