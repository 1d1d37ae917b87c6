package dev.herald.sources.ovn;

import dev.herald.codec.Afi;
import dev.herald.sources.ovn.OvnAnnouncer.Port;
import dev.herald.sources.ovn.ovsdb.Datum;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * What holds for every row of one router datapath taking part here, worked out once: its name,
 * its VRF, and the next hop hint of each family; what ovn-controller's route_run keeps in its
 * advertise_datapath_entry.
 *
 * <p>The VRF: {@code dynamic-routing-vrf-name} from the port through which the router takes part
 * (northd copies the router's option onto its chassis-redirect and l3gateway ports only), else
 * {@code ovnvrf} and the table id: the datapath's tunnel key, or from 26.03 its
 * {@code external_ids:dynamic-routing-vrf-id} when that is 1..4294967295.
 *
 * <p>The hint is an address of the port through which the router takes part in dynamic routing
 * here (ovn-controller's "repb" in route_run: an l3gateway port or a chassis-redirect port with
 * {@code options:dynamic-routing=true}), not of a row's logical_port: northd names there the
 * port a prefix lies behind (a connected subnet's or a static route's out port, usually an
 * inside port the fabric cannot reach).
 *
 * <p>From 26.03 a router's {@code dynamic-routing-v4/v6-prefix-nexthop} (Datapath_Binding
 * external_ids) is where ovn-controller routes its prefixes instead of a blackhole, so FRR
 * announces it as the next hop: it is the hint of its family whatever {@code next-hop} says.
 *
 * @param router      the logical router's name (Datapath_Binding external_ids:name)
 * @param vrfId       the VRF's table id
 * @param vrfName     the VRF's name
 * @param ipv4NextHop the IPv4 hint, else null (herald's own next hop)
 * @param ipv6NextHop the same for IPv6
 * @param notes       why a hint or a setting is not used, for the log
 */
record DatapathFacts(String router, long vrfId, String vrfName, InetAddress ipv4NextHop, InetAddress ipv6NextHop,
        List<String> notes) {
    /** Linux's IFNAMSIZ: ovn-controller ignores a VRF name as long or longer. */
    static final int IFNAMSIZ = 16;

    /**
     * Markers that single out the fabric-facing port when a router takes part through several:
     * every port of a gateway router is an l3gateway port with dynamic-routing=true, and only the
     * operator knows which one peers with the fabric; the first marker that some ports carry narrows
     * the choice to them.
     */
    private static final List<Predicate<Port>> MARKERS = List.of(
            p -> p.options().containsKey("dynamic-routing-port-name"),
            p -> "true".equalsIgnoreCase(p.options().get("dynamic-routing-maintain-vrf")));

    /**
     * @param uuid         the datapath's uuid (its name when it has none)
     * @param dp           its Datapath_Binding row
     * @param routingPorts the ports through which it takes part here, in name order
     */
    static DatapathFacts of(String uuid, Map<String, JsonNode> dp, List<Port> routingPorts, OvnSettings s, OvnSemantics sem) {
        Map<String, String> ext = Datum.stringMap(dp.get("external_ids"));
        String router = ext.getOrDefault("name", uuid);
        long vrfId = vrfId(ext, dp, sem);
        String vrfName = "ovnvrf" + vrfId;
        for (Port p : routingPorts) {
            String n = p.options().get("dynamic-routing-vrf-name");
            if (n != null && n.length() < IFNAMSIZ) {
                vrfName = n;
                break;
            }
        }
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
        if (sem.datapathRoutingOptions()) {
            v4 = prefixNextHop(router, ext, Afi.IPV4, v4, notes);
            v6 = prefixNextHop(router, ext, Afi.IPV6, v6, notes);
        }
        return new DatapathFacts(router, vrfId, vrfName, v4, v6, List.copyOf(notes));
    }

    /** The table id: the tunnel key, or from 26.03 dynamic-routing-vrf-id in 1..4294967295 (route_get_table_id). */
    private static long vrfId(Map<String, String> ext, Map<String, JsonNode> dp, OvnSemantics sem) {
        String id = sem.datapathRoutingOptions() ? ext.get("dynamic-routing-vrf-id") : null;
        if (id != null) {
            try {
                long v = Long.parseLong(id);
                if (v >= 1 && v <= 0xFFFF_FFFFL) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // as ovn-controller: the tunnel key
            }
        }
        String key = Datum.optionalText(dp.get("tunnel_key"));
        if (key == null) {
            return 0;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            // not the integer the schema says (1.5, "x"): as if absent; an exception here would
            // end the source's session on every resync
            return 0;
        }
    }

    /** 26.03's dynamic-routing-vN-prefix-nexthop of the family if set and usable, else {@code otherwise}. */
    private static InetAddress prefixNextHop(String router, Map<String, String> ext, Afi afi, InetAddress otherwise,
            List<String> notes) {
        String key = "dynamic-routing-" + (afi == Afi.IPV4 ? "v4" : "v6") + "-prefix-nexthop";
        String text = ext.get(key);
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        // ip46_parse takes a bare address only
        InetAddress a = text.indexOf('/') >= 0 ? null : OvnAnnouncer.address(text);
        if (a == null || (a.getAddress().length == 4) != (afi == Afi.IPV4)) {
            // ovn-controller takes an IPv6 gateway for IPv4 prefixes too; herald's routes carry a
            // next hop of their own family only
            notes.add("router " + router + ": " + key + " '" + text + "' is not an " + (afi == Afi.IPV4 ? "IPv4" : "IPv6")
                    + " address herald can announce: not used");
            return otherwise;
        }
        return a;
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
