package dev.herald.sources.ovn;

import dev.herald.codec.Afi;
import dev.herald.sources.ovn.OvnAnnouncer.Port;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What holds for every row of one router datapath taking part here, worked out once: its name,
 * its VRF, and the next hop hint of each family.
 *
 * <p>The hint is an address of the port through which the router takes part in dynamic routing
 * here (ovn-controller's "repb" in route_run: an l3gateway port or a chassis-redirect port with
 * {@code options:dynamic-routing=true}), not of a row's logical_port: northd names there the
 * port a prefix lies behind (a connected subnet's or a static route's out port, usually an
 * inside port the fabric cannot reach).
 *
 * @param router         the logical router's name (Datapath_Binding external_ids:name)
 * @param vrfId          the VRF's table id
 * @param defaultVrfName the VRF name ovn-controller makes up when none is configured
 * @param ipv4NextHop    the IPv4 hint with next-hop router-port, else null (herald's own next hop)
 * @param ipv6NextHop    the same for IPv6
 * @param notes          why a hint is missing, for the log
 */
record DatapathFacts(String router, long vrfId, String defaultVrfName, InetAddress ipv4NextHop, InetAddress ipv6NextHop,
        List<String> notes) {

    /**
     * Markers that single out the fabric-facing port when a router takes part through several:
     * every port of a gateway router is an l3gateway port with dynamic-routing=true, and only the
     * operator knows which one peers with the fabric; the first marker that some ports carry narrows
     * the choice to them.
     */
    private static final List<Predicate<Port>> MARKERS = List.of(
            p -> p.options().containsKey("dynamic-routing-port-name"),
            p -> "true".equalsIgnoreCase(p.options().get("dynamic-routing-maintain-vrf")));

    static DatapathFacts of(String router, long vrfId, List<Port> routingPorts, OvnSettings s) {
        List<String> notes = new ArrayList<>();
        InetAddress v4 = null;
        InetAddress v6 = null;
        boolean wanted = s.ipv4NextHop() == OvnSettings.NextHopMode.ROUTER_PORT
                || s.ipv6NextHop() == OvnSettings.NextHopMode.ROUTER_PORT;
        Port port = wanted ? routingPort(router, routingPorts, notes) : null;
        if (port != null) {
            if (s.ipv4NextHop() == OvnSettings.NextHopMode.ROUTER_PORT) {
                v4 = address(router, port, Afi.IPV4, notes);
            }
            if (s.ipv6NextHop() == OvnSettings.NextHopMode.ROUTER_PORT) {
                v6 = address(router, port, Afi.IPV6, notes);
            }
        }
        return new DatapathFacts(router, vrfId, "ovnvrf" + vrfId, v4, v6, List.copyOf(notes));
    }

    InetAddress nextHop(Afi afi) {
        return afi == Afi.IPV4 ? ipv4NextHop : ipv6NextHop;
    }

    /** The port the router takes part through here, or null (with a note) when it cannot be told. */
    private static Port routingPort(String router, List<Port> ports, List<String> notes) {
        List<Port> left = ports;
        for (Predicate<Port> marker : MARKERS) {
            if (left.size() <= 1) {
                break;
            }
            List<Port> marked = left.stream().filter(marker).toList();
            if (!marked.isEmpty()) {
                left = marked;
            }
        }
        if (left.size() == 1) {
            return left.get(0);
        }
        notes.add("router " + router + " takes part here through " + left.stream().map(Port::name).toList()
                + " and none is marked alone with dynamic-routing-port-name or dynamic-routing-maintain-vrf: its routes go"
                + " with herald's own next hop (next-hop router-port)");
        return null;
    }

    private static InetAddress address(String router, Port port, Afi afi, List<String> notes) {
        InetAddress a = port.address(afi);
        if (a == null) {
            notes.add("router " + router + ": its dynamic-routing port " + port.name() + " has no "
                    + (afi == Afi.IPV4 ? "IPv4" : "IPv6") + " address: those routes go with herald's own next hop"
                    + " (next-hop router-port)");
        }
        return a;
    }
}
