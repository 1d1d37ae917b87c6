package dev.herald.interop.ovn;

import dev.herald.interop.kernel.KernelRouteRow;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Netns;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The oracle of {@link OvnDifferentialIT}: the routes ovn-controller installed for FRR to
 * redistribute, read with iproute2 from its namespace ({@code ip -N -j route show table all}):
 * every route of protocol 84 ({@code RTPROT_OVN}) in any table (one per router: its
 * dynamic-routing-vrf-id, else its tunnel key; no VRF device is needed for a table), its prefix
 * and metric (100 where the row's tracked port is local, else 1000). A prefix in several tables
 * (two routers) counts once, with its lowest metric, as herald announces it once with the lowest
 * MED.
 */
final class OvnControllerRoutes {
    static final int RTPROT_OVN = 84;
    /** ovn-controller's metric for a row whose tracked port is local here (PRIORITY_LOCAL_BOUND); else 1000. */
    static final int LOCAL_METRIC = 100;

    private OvnControllerRoutes() {
    }

    /** Prefix to lowest metric of the protocol-84 routes in {@code ns}. */
    static Map<IpPrefix, Long> installed(Netns ns) {
        return of(KernelRouteRow.readAll(ns));
    }

    static Map<IpPrefix, Long> of(List<KernelRouteRow> rows) {
        return of(rows, r -> true);
    }

    /** Prefix to lowest metric of the protocol-84 routes among {@code rows} that {@code counts}. */
    static Map<IpPrefix, Long> of(List<KernelRouteRow> rows, java.util.function.Predicate<KernelRouteRow> counts) {
        Map<IpPrefix, Long> out = new TreeMap<>(Comparator.comparing(IpPrefix::toString));
        for (KernelRouteRow r : rows) {
            if (r.protocol() == RTPROT_OVN && counts.test(r)) {
                out.merge(r.prefix(), r.metric(), Math::min);
            }
        }
        return out;
    }

    /** The protocol-84 routes as lines, table by table, for failure messages. */
    static String describe(Netns ns) {
        StringBuilder sb = new StringBuilder();
        for (KernelRouteRow r : KernelRouteRow.readAll(ns)) {
            if (r.protocol() == RTPROT_OVN) {
                sb.append("  table ").append(r.table()).append(": ").append(r.prefix()).append(" type ").append(r.type())
                        .append(" metric ").append(r.metric()).append('\n');
            }
        }
        return sb.toString();
    }
}
