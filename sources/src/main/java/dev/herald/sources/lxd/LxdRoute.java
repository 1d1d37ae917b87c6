package dev.herald.sources.lxd;

import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One prefix LXD wants routed, with the facts behind it; {@link LxdAnnouncer.Announcement#ribRoutes}
 * hands the next hop and the tags to the RIB.
 *
 * @param prefix   the prefix
 * @param kind     what in LXD it comes from
 * @param project  the LXD project of the object that claims it
 * @param network  the LXD network it is reached through
 * @param instance the instance, for NIC routes; null otherwise
 * @param nextHop  the next hop to announce, of the prefix's family; null means "this host"
 *                 (the session's own address)
 */
public record LxdRoute(Prefix prefix, Kind kind, String project, String network, String instance, InetAddress nextHop) {
    /** Where a route comes from. */
    public enum Kind {
        /** A bridge or OVN network's own subnet (NAT off). */
        SUBNET,
        /** A bridge's {@code ipvN.nat.address} as a host route (NAT on, option). */
        NAT_ADDRESS,
        /** A network forward's listen address. */
        FORWARD,
        /** An OVN load balancer's listen address. */
        LOAD_BALANCER,
        /** A running instance NIC's {@code ipvN.routes.external}. */
        NIC_ROUTE
    }

    public LxdRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(network, "network");
        if (nextHop != null && (nextHop.getAddress().length == 4) != (prefix.afi() == dev.herald.codec.Afi.IPV4)) {
            throw new IllegalArgumentException("next hop " + nextHop.getHostAddress() + " is not of " + prefix + "'s family");
        }
    }

    /** Tags for policy: project, network and, for NIC routes, instance. */
    public Map<String, String> tags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("project", project);
        m.put("network", network);
        if (instance != null) {
            m.put("instance", instance);
        }
        return m;
    }

    @Override
    public String toString() {
        return prefix + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " project=" + project + " network=" + network
                + (instance != null ? " instance=" + instance : "")
                + " next-hop=" + (nextHop == null ? "self" : nextHop.getHostAddress());
    }
}
