package dev.herald.sources.ovn;

import dev.herald.codec.Afi;
import dev.herald.codec.Prefix;
import dev.herald.sources.ovn.ovsdb.Datum;
import dev.herald.sources.ovn.ovsdb.DbState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Decides, from the Southbound rows, what this chassis announces: the pure core of the OVN
 * source, doing what ovn-controller does before it installs its blackhole routes.
 *
 * <ul>
 * <li>A router datapath takes part when one of its ports has {@code options:dynamic-routing=true}
 * and is resident here: bound to this chassis, an l3gateway port whose
 * {@code options:l3gateway-chassis} is this chassis, or a port whose chassis-redirect port
 * (named by its {@code options:chassis-redirect-port}) is bound here; and, as ovn-controller looks for it only among the router's
 * ports that peer with a switch, from 25.09 that port peers with a switch itself (25.03: the router
 * has some port that does).</li>
 * <li>A port is local when resident; from OVN 26.03 also when it is a patch port without a
 * chassis-redirect port (everywhere). Which release's rules apply: {@link OvnSemantics}.</li>
 * <li>From 26.03 (or with local-only), a row's logical_port must itself be local.</li>
 * <li>A row whose tracked_port is local gets the local MED; a row whose tracked_port is elsewhere
 * is not announced with tracked-port local-only, or from 25.09 when its logical_port has
 * {@code options:dynamic-routing-redistribute-local-only=true}. A tracked port bound to another
 * chassis is not even in view (the monitor's condition), so it counts as elsewhere.</li>
 * <li>The VRF and next hop hint are the router's ({@link DatapathFacts}).</li>
 * <li>One prefix from several rows is announced once: lowest MED, then a resident logical port,
 * then the smallest port name, so the choice does not depend on row order.</li>
 * </ul>
 */
public final class OvnAnnouncer {
    private OvnAnnouncer() {
    }

    /** The result: routes by prefix, and rows that could not be used (with why). */
    public record Announcement(Map<Prefix, OvnRoute> routes, List<String> problems, int rows, int notLocal,
            String chassisUuid, List<String> notes) {
        public Set<Prefix> prefixes() {
            return routes.keySet();
        }
    }

    record Port(String uuid, String name, String type, String chassis, String datapath, Map<String, String> options,
            List<String> networks) {
        /** The port's first address of the family (a cr- port has its router port's networks), or null. */
        InetAddress address(Afi afi) {
            for (String n : networks) {
                InetAddress a = OvnAnnouncer.address(n);
                if (a != null && (a.getAddress().length == 4) == (afi == Afi.IPV4)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * What every row's evaluation depends on besides the row itself: the ports, the facts of the
     * datapaths taking part here (by uuid) and this chassis.
     */
    record Context(String chassis, String chassisUuid, OvnSemantics semantics, Map<String, Port> ports,
            Map<String, Port> byName, Map<String, DatapathFacts> participating, Map<String, PortFacts> portFacts) {
        static Context of(DbState sb, String chassis, OvnSettings s) {
            OvnSemantics sem = s.semanticsFor(sb.schema().version()).semantics();
            String chassisUuid = SbRequests.localChassisUuid(sb, chassis);
            Map<String, Port> ports = new HashMap<>();
            Map<String, Port> byName = new HashMap<>();
            for (var e : sb.rows(SbRequests.PORT_BINDING).entrySet()) {
                Map<String, JsonNode> r = e.getValue();
                Port p = new Port(e.getKey(), Datum.optionalText(r.get("logical_port")), nz(Datum.optionalText(r.get("type"))),
                        Datum.optionalText(r.get("chassis")), Datum.optionalText(r.get("datapath")),
                        Datum.stringMap(r.get("options")), networks(r.get("mac")));
                ports.put(p.uuid, p);
                if (p.name != null) {
                    byName.put(p.name, p);
                }
            }
            // the ports through which each router datapath takes part here, by name (the same order every time)
            Map<String, List<Port>> routingPorts = new TreeMap<>();
            for (Port p : ports.values()) {
                if ("true".equals(p.options.get("dynamic-routing")) && resident(p, byName, chassis, chassisUuid)) {
                    routingPorts.computeIfAbsent(p.datapath, k -> new ArrayList<>()).add(p);
                }
            }
            // ovn-controller finds these ports only among the router's ports that peer with a switch
            java.util.Set<String> peered = new java.util.HashSet<>();
            for (Port p : ports.values()) {
                if (p.options.containsKey("peer")) {
                    peered.add(p.datapath);
                }
            }
            routingPorts.entrySet().removeIf(e -> sem.routingPortMustPeer()
                    ? e.getValue().stream().noneMatch(p -> peers(p, byName)) : !peered.contains(e.getKey()));
            Map<String, DatapathFacts> participating = new HashMap<>();
            Map<String, Map<String, JsonNode>> datapaths = sb.rows(SbRequests.DATAPATH_BINDING);
            routingPorts.forEach((uuid, rp) -> {
                rp.sort(Comparator.comparing(Port::name, Comparator.nullsLast(Comparator.naturalOrder())));
                participating.put(uuid, DatapathFacts.of(uuid, datapaths.getOrDefault(uuid, Map.of()), rp, s, sem));
            });
            return new Context(chassis, chassisUuid, sem, ports, byName, participating, new HashMap<>());
        }

        /** A port's locality, worked out once for all rows that name it. */
        PortFacts port(Port p) {
            PortFacts f = portFacts.get(p.uuid());
            if (f == null) {
                f = new PortFacts(resident(p, byName, chassis, chassisUuid),
                        "patch".equals(p.type) && redirectPort(p, byName) == null);
                portFacts.put(p.uuid(), f);
            }
            return f;
        }

        /** Why some routes go without a next hop hint (one note per router and cause), in router order. */
        List<String> notes() {
            return participating.values().stream().sorted(Comparator.comparing(DatapathFacts::router))
                    .flatMap(f -> f.notes().stream()).toList();
        }
    }

    /**
     * A port's locality: resident (bound here, or through its chassis-redirect port), or a patch
     * port without a chassis-redirect port, present on every chassis.
     */
    record PortFacts(boolean resident, boolean everywhere) {
        /** ovn-controller's lport_is_local: resident; from 26.03 (lport_pb_is_local) also everywhere. */
        boolean local(OvnSemantics sem) {
            return resident || everywhere && sem.patchPortsEverywhere();
        }
    }

    /**
     * One Advertised_Route row judged: a candidate route (with whether its logical port is
     * resident, for the tie-break), or a problem, or not local; all null: not of a router taking
     * part here.
     */
    record Verdict(OvnRoute route, boolean portLocal, String problem, boolean notLocal) {
        static final Verdict ELSEWHERE = new Verdict(null, false, null, false);
        static final Verdict NOT_LOCAL = new Verdict(null, false, null, true);
    }

    public static Announcement compute(DbState sb, String chassis, OvnSettings s) {
        Context ctx = Context.of(sb, chassis, s);
        List<String> problems = new ArrayList<>();
        Map<Prefix, OvnRoute> best = new TreeMap<>();
        Map<Prefix, Boolean> bestPortLocal = new HashMap<>();
        int rows = 0;
        int notLocal = 0;
        for (var e : sb.rows(SbRequests.ADVERTISED_ROUTE).entrySet()) {
            rows++;
            Verdict v = judge(e.getKey(), e.getValue(), ctx, s);
            if (v.problem() != null) {
                problems.add(v.problem());
            } else if (v.notLocal()) {
                notLocal++;
            } else if (v.route() != null) {
                OvnRoute route = v.route();
                OvnRoute prev = best.get(route.prefix());
                if (prev == null || better(route, v.portLocal(), prev, bestPortLocal.get(route.prefix()))) {
                    best.put(route.prefix(), route);
                    bestPortLocal.put(route.prefix(), v.portLocal());
                }
            }
        }
        return new Announcement(java.util.Collections.unmodifiableMap(best), List.copyOf(problems), rows, notLocal,
                ctx.chassisUuid(), ctx.notes());
    }

    /** Judges one Advertised_Route row against the context. */
    static Verdict judge(String uuid, Map<String, JsonNode> r, Context ctx, OvnSettings s) {
        DatapathFacts df = ctx.participating().get(Datum.optionalText(r.get("datapath")));
        if (df == null) {
            return Verdict.ELSEWHERE;
        }
        String text = Datum.optionalText(r.get("ip_prefix"));
        Prefix prefix;
        try {
            prefix = Prefix.parse(String.valueOf(text));
        } catch (IllegalArgumentException ex) {
            return new Verdict(null, false, "Advertised_Route " + uuid + ": ip_prefix '" + text + "': " + ex.getMessage(), false);
        }
        Port lp = ctx.ports().get(Datum.optionalText(r.get("logical_port")));
        if (lp == null) {
            return new Verdict(null, false, "Advertised_Route " + uuid + " (" + prefix + "): its logical_port is not a router port in view",
                    false);
        }
        if (lp.name == null) {
            // a Port_Binding without logical_port (the column at its default, so left out of the
            // update): no route can name it, and an exception here would end the source's session
            // on every resync
            return new Verdict(null, false, "Advertised_Route " + uuid + " (" + prefix + "): its logical_port's Port_Binding "
                    + lp.uuid + " has no logical_port name", false);
        }
        OvnSemantics sem = ctx.semantics();
        PortFacts lpf = ctx.port(lp);
        boolean portLocal = lpf.local(sem);
        // local-only asks for 26.03's rule with an older OVN too, so with 26.03's locality
        if ((s.localOnly() || sem.logicalPortMustBeLocal()) && !lpf.local(OvnSemantics.V26_03)) {
            return Verdict.NOT_LOCAL;
        }
        String tracked = Datum.optionalText(r.get("tracked_port"));
        Boolean trackedLocal = null;
        if (tracked != null) {
            Port tp = ctx.ports().get(tracked);
            trackedLocal = tp != null && ctx.port(tp).local(sem);
            // ovn-controller reads the option on the row's logical_port (smap_get_bool: "true" in any case)
            boolean onlyLocal = s.trackedPort() == OvnSettings.TrackedPort.LOCAL_ONLY || sem.redistributeLocalOnlyOption()
                    && "true".equalsIgnoreCase(lp.options.get("dynamic-routing-redistribute-local-only"));
            if (!trackedLocal && onlyLocal) {
                return Verdict.NOT_LOCAL;
            }
        }
        int med = Boolean.TRUE.equals(trackedLocal) ? s.localMed() : s.remoteMed();
        return new Verdict(new OvnRoute(prefix, df.router(), lp.name, df.vrfName(), df.vrfId(), trackedLocal, med,
                df.nextHop(prefix.afi())), portLocal, null, false);
    }

    static boolean better(OvnRoute a, boolean aLocal, OvnRoute b, boolean bLocal) {
        if (a.med() != b.med()) {
            return a.med() < b.med();
        }
        if (aLocal != bLocal) {
            return aLocal;
        }
        return Comparator.<String>naturalOrder().compare(a.router() + "/" + a.logicalPort(), b.router() + "/" + b.logicalPort()) < 0;
    }

    /**
     * Whether route_run (25.09+) can reach {@code p} from one of the router's ports that peer with
     * a switch: a chassis-redirect port through its distributed port's
     * options:chassis-redirect-port (northd writes it only when that port has a peer), any other
     * port by its own options:peer.
     */
    private static boolean peers(Port p, Map<String, Port> byName) {
        if ("chassisredirect".equals(p.type)) {
            Port dgp = byName.get(p.options.get("distributed-port"));
            return dgp != null && p.name != null && p.name.equals(dgp.options.get("chassis-redirect-port"));
        }
        return p.options.containsKey("peer");
    }

    /** Bound here directly, as this chassis's l3gateway port, or through its chassis-redirect port ({@link #redirectPort}). */
    private static boolean resident(Port p, Map<String, Port> byName, String chassis, String chassisUuid) {
        if (boundHere(p, chassis, chassisUuid)) {
            return true;
        }
        Port cr = redirectPort(p, byName);
        return cr != null && boundHere(cr, chassis, chassisUuid);
    }

    /**
     * A port's chassis-redirect port as ovn-controller finds it (lport_get_cr_port): named by its
     * options:chassis-redirect-port, which northd writes only while the port has a peer; not by
     * the cr- name, which stays while the port has no switch.
     */
    static Port redirectPort(Port p, Map<String, Port> byName) {
        String name = p.options.get("chassis-redirect-port");
        return name == null ? null : byName.get(name);
    }

    private static boolean boundHere(Port p, String chassis, String chassisUuid) {
        if ("l3gateway".equals(p.type)) {
            // northd's option is the instruction; the chassis column lags behind it when the gateway
            // moves (ovn-controller of the old chassis may keep its claim until another one claims)
            return chassis.equals(p.options.get("l3gateway-chassis"));
        }
        return chassisUuid != null && chassisUuid.equals(p.chassis);
    }

    /** The address of "ADDRESS" or "ADDRESS/LEN", or null. */
    static InetAddress address(String network) {
        int slash = network.indexOf('/');
        String a = slash < 0 ? network : network.substring(0, slash);
        if (a.indexOf(':') < 0 && !a.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch))) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(a);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A router port's Port_Binding mac column: "MAC NETWORK/LEN ..." entries. */
    private static List<String> networks(JsonNode mac) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : Datum.elements(mac)) {
            String[] words = String.valueOf(Datum.atomText(m)).trim().split("\\s+");
            for (int i = 1; i < words.length; i++) {
                if (words[i].indexOf('/') > 0) {
                    out.add(words[i]);
                }
            }
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
