package dev.herald.sources.ovn;

import dev.herald.codec.Afi;
import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One prefix OVN wants reachable, with the facts behind it. The RIB's route carries only the
 * prefix for now; the next hop, MED and tags are kept here until it takes them.
 *
 * @param prefix       the prefix (a bare address in the SB made a /32 or /128)
 * @param router       the logical router's name (Datapath_Binding external_ids:name)
 * @param logicalPort  the router port the traffic leaves through (Port_Binding logical_port)
 * @param vrfName      the router's VRF as ovn-controller names it ({@link DatapathFacts})
 * @param vrfId        the VRF's table id (the datapath's tunnel key, or from OVN 26.03 its
 *                     {@code dynamic-routing-vrf-id})
 * @param trackedLocal null without tracked_port; else whether the tracked port is bound here
 * @param med          the preference to announce (lower is better)
 * @param nextHop      the next hop, of the prefix's family; null means the session's own address
 */
public record OvnRoute(Prefix prefix, String router, String logicalPort, String vrfName, long vrfId, Boolean trackedLocal,
        int med, InetAddress nextHop) {
    public OvnRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(logicalPort, "logicalPort");
        if (nextHop != null && (nextHop.getAddress().length == 4) != (prefix.afi() == Afi.IPV4)) {
            throw new IllegalArgumentException("next hop " + nextHop.getHostAddress() + " is not of " + prefix + "'s family");
        }
    }

    /** Tags for policy: router, logical port, VRF name and id. */
    public Map<String, String> tags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("router", router);
        m.put("logical-port", logicalPort);
        m.put("vrf", vrfName);
        m.put("vrf-id", Long.toString(vrfId));
        return m;
    }

    @Override
    public String toString() {
        return prefix + " router=" + router + " port=" + logicalPort + " vrf=" + vrfName + "(" + vrfId + ") med=" + med
                + (trackedLocal == null ? "" : trackedLocal ? " tracked=local" : " tracked=remote")
                + " next-hop=" + (nextHop == null ? "self" : nextHop.getHostAddress());
    }
}
