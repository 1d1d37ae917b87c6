package dev.herald.sources.lxd;

import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the LXD source announces, beyond what LXD itself says.
 *
 * @param projects          the projects to announce from; empty means all
 * @param natAddressRoutes  announce a NATed bridge's {@code ipvN.nat.address} as a host route
 * @param ipv4NextHop       replaces "this host" as the next hop of IPv4 routes (null: the session's address)
 * @param ipv6NextHop       the same for IPv6
 * @param memberName        the cluster member herald runs beside; null means the server's own name
 * @param allow             the allow-lists
 */
public record LxdSettings(List<String> projects, boolean natAddressRoutes, InetAddress ipv4NextHop,
        InetAddress ipv6NextHop, String memberName, Allow allow) {
    public LxdSettings {
        projects = List.copyOf(projects);
        Objects.requireNonNull(allow, "allow");
    }

    public static LxdSettings defaults() {
        return new LxdSettings(List.of(), false, null, null, null, Allow.NONE);
    }

    /**
     * Prefix allow-lists. A route must be inside {@code prefixes} (when not empty), inside its
     * project's list and, for OVN networks (and bridges listed here), inside its uplink's list.
     *
     * @param prefixes every route must fall inside one of these; empty: no global limit
     * @param projects per project; replaces the project's {@code restricted.networks.subnets}
     * @param uplinks  per uplink network; replaces the uplink's {@code ipv4.routes}/{@code ipv6.routes}
     */
    public record Allow(List<Prefix> prefixes, Map<String, List<Prefix>> projects, Map<String, List<Prefix>> uplinks) {
        public static final Allow NONE = new Allow(List.of(), Map.of(), Map.of());

        public Allow {
            prefixes = List.copyOf(prefixes);
            projects = Map.copyOf(projects);
            uplinks = Map.copyOf(uplinks);
        }
    }
}
