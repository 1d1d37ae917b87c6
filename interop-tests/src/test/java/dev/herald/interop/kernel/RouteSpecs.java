package dev.herald.interop.kernel;

import dev.herald.interop.lab.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The route space the differential test draws from: a few tables, protocols, types and metrics,
 * and a small pool of prefixes, small so that operations keep hitting routes that exist (the same
 * prefix in several tables, with several metrics). Route data from the documentation prefixes
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and the default routes; the
 * lab link's own subnets are never touched.
 */
final class RouteSpecs {
    private RouteSpecs() {
    }

    /** 254 is main; 11 and 2000 are read by no profile. */
    static final List<Long> TABLES = List.of(10L, 1000L, 254L, 11L, 2000L);
    /** By name and number, as people write them; kernel (2) is excluded by default, 200 and 201 are unnamed. */
    static final List<String> PROTOCOLS = List.of("static", "84", "kernel", "boot", "200", "201");
    /** Absent: the kernel's default (IPv4 0, IPv6 1024); 4294967295 is the largest metric and MED. */
    static final List<Long> METRICS = java.util.Arrays.asList(null, 0L, 5L, 100L, 1000L, 4294967295L);

    /** Route shapes: unicast via the router, on the lab link, on lo, via or on the second link; the non-forwarding types. */
    enum Shape {
        VIA, DEV, LO, VIA2, DEV2, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW
    }

    /**
     * A second link in herald's namespace (a veth pair, nobody behind it) that the operations take
     * down and up and strip of its IPv4 address: the kernel then drops the IPv4 routes through it
     * without a RTM_DELROUTE. Lab-link addresses, outside every route pool.
     */
    static final String LINK2 = "kd0";
    static final String LINK2_PEER = "kd1";
    static final String LINK2_V4 = "198.19.250.2/24";
    static final String LINK2_GW4 = "198.19.250.1";
    static final String LINK2_V6 = "fd00:19:250::2/64";
    static final String LINK2_GW6 = "fd00:19:250::1";

    /** {@code ip -batch} lines that make the second link (run once, before any step). */
    static List<String> link2Setup() {
        return List.of("link add " + LINK2 + " type veth peer name " + LINK2_PEER, "link set " + LINK2_PEER + " up",
                "link set " + LINK2 + " up", "addr add " + LINK2_V4 + " dev " + LINK2,
                "addr add " + LINK2_V6 + " dev " + LINK2 + " nodad");
    }

    private static final Map<Integer, String> TYPE_NAMES = Map.of(1, "unicast", 6, "blackhole", 7, "unreachable",
            8, "prohibit", 9, "throw");

    static String typeName(int type) {
        String n = TYPE_NAMES.get(type);
        if (n == null) {
            throw new IllegalArgumentException("route type " + type + " is not one the test makes");
        }
        return n;
    }

    static final List<IpPrefix> V4 = pool(
            "192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32", "192.0.2.4/32", "192.0.2.5/32", "192.0.2.6/32",
            "192.0.2.7/32", "192.0.2.8/32", "192.0.2.16/28", "192.0.2.0/24",
            "198.51.100.0/24", "198.51.100.0/25", "198.51.100.64/26", "198.51.100.128/32", "198.51.100.129/32",
            "198.51.100.130/32", "203.0.113.1/32", "203.0.113.2/32", "203.0.113.0/24", "0.0.0.0/0");
    static final List<IpPrefix> V6 = pool(
            "2001:db8:1::1/128", "2001:db8:1::2/128", "2001:db8:1::3/128", "2001:db8:1::4/128", "2001:db8:1::5/128",
            "2001:db8:1:1::/64", "2001:db8:1:2::/64", "2001:db8:1::/48",
            "2001:db8:2::/56", "2001:db8:2:0:1::/80", "2001:db8:2:0:2::/80", "2001:db8:2::1/128",
            "2001:db8:2::100/120", "2001:db8:3::1/128", "2001:db8::/32", "::/0");

    private static List<IpPrefix> pool(String... s) {
        List<IpPrefix> out = new ArrayList<>();
        for (String p : s) {
            out.add(IpPrefix.parse(p));
        }
        return List.copyOf(out);
    }

    static boolean inPool(IpPrefix p) {
        return V4.contains(p) || V6.contains(p);
    }
}
