package dev.herald.sources.lxd;

import dev.herald.codec.Afi;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdModel.Instance;
import dev.herald.sources.lxd.LxdModel.Key;
import dev.herald.sources.lxd.LxdModel.Listener;
import dev.herald.sources.lxd.LxdModel.Network;
import dev.herald.sources.lxd.LxdModel.Project;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to announce for one LXD snapshot: a pure function of the snapshot and the settings.
 *
 * <ul>
 * <li>Bridges: the {@code ipvN.address} subnet when {@code ipvN.nat} is not true; the
 * {@code ipvN.nat.address} host route when NAT is on and the option is set; forward listen
 * addresses (except inside a NATed subnet; LXD 5.0.2 announces those inside a routed subnet too); running local instances' NIC {@code ipvN.routes.external}.
 * Next hop: {@code bgp.ipvN.nexthop}, else the configured override, else this host.</li>
 * <li>OVN networks: the same (no NAT address), plus load balancer listen addresses; next hop the
 * OVN router's uplink address {@code volatile.network.ipvN.address}.</li>
 * <li>Allow-lists: the global list, the project's list (configured, else
 * {@code restricted.networks.subnets} of a restricted project), the uplink's list (configured,
 * else the uplink's {@code ipvN.routes}, for OVN networks). Anything outside is rejected with a
 * reason, never announced.</li>
 * <li>An evacuated cluster member announces nothing: LXD 6.5+ ({@code network.Evacuate}) and
 * Incus 6.1+ (networks stopped) clear every network's prefixes, forwards and BGP peers there, and
 * its instances are stopped or moved; one left running (no live-migration target) has no session
 * to announce over either.</li>
 * </ul>
 */
public final class LxdAnnouncer {
    private LxdAnnouncer() {
    }

    /** A route LXD asked for that is not announced, and why. */
    public record Rejection(LxdRoute route, String reason) {
        @Override
        public String toString() {
            return route + ": " + reason;
        }
    }

    /**
     * The result.
     *
     * @param routes   what to announce (one entry per claiming object; prefixes may repeat)
     * @param rejected what is not announced, with the reason
     * @param problems configuration in LXD that could not be read (bad addresses and prefixes)
     * @param evacuated the member herald announces for when it is evacuated (nothing announced);
     *                  null otherwise
     */
    public record Announcement(List<LxdRoute> routes, List<Rejection> rejected, List<String> problems, String evacuated) {
        public Announcement {
            routes = List.copyOf(routes);
            rejected = List.copyOf(rejected);
            problems = List.copyOf(problems);
        }

        public Announcement(List<LxdRoute> routes, List<Rejection> rejected, List<String> problems) {
            this(routes, rejected, problems, null);
        }

        /**
         * One RIB route per distinct prefix, sorted by prefix: the first LXD object claiming it gives
         * the facts (next hop, tags project/network/instance, and itself as the origin).
         */
        public java.util.List<dev.herald.rib.Route> ribRoutes(String source) {
            java.util.Map<Prefix, dev.herald.rib.Route> out = new java.util.TreeMap<>();
            for (LxdRoute r : routes) {
                out.computeIfAbsent(r.prefix(), p -> new dev.herald.rib.Route(p, dev.herald.rib.RouteFacts.of(source)
                        .withOrigin("lxd " + r.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                                + " project=" + r.project() + " network=" + r.network()
                                + (r.instance() != null ? " instance=" + r.instance() : ""))
                        .withNextHop(r.nextHop()).withTags(r.tags())));
            }
            return List.copyOf(out.values());
        }

        /** The distinct prefixes to announce, sorted. */
        public Set<Prefix> prefixes() {
            Set<Prefix> s = new TreeSet<>();
            routes.forEach(r -> s.add(r.prefix()));
            return s;
        }
    }

    public static Announcement compute(LxdSnapshot snap, LxdSettings settings) {
        return new Run(snap, settings).run();
    }

    private static final class Run {
        private final LxdSnapshot snap;
        private final LxdSettings settings;
        private final String member;
        private final List<LxdRoute> routes = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private final java.util.Set<String> problems = new java.util.LinkedHashSet<>(); // each once

        Run(LxdSnapshot snap, LxdSettings settings) {
            this.snap = snap;
            this.settings = settings;
            this.member = snap.server().member(settings.memberName());
        }

        Announcement run() {
            if (snap.evacuated()) {
                return new Announcement(List.of(), List.of(), List.of(), member);
            }
            for (Network n : snap.networks().values()) {
                if (!wanted(n.project())) {
                    continue;
                }
                switch (n.type()) {
                    case "bridge", "ovn" -> network(n);
                    default -> {
                    }
                }
            }
            for (Instance i : snap.instances().values()) {
                if (wanted(i.project()) && i.running() && local(i)) {
                    instance(i);
                }
            }
            return new Announcement(routes, rejected, List.copyOf(problems));
        }

        private boolean wanted(String project) {
            return settings.projects().isEmpty() || settings.projects().contains(project);
        }

        private boolean local(Instance i) {
            return !snap.server().clustered() || i.location().isEmpty() || "none".equals(i.location())
                    || i.location().equals(member);
        }

        private void network(Network n) {
            boolean ovn = "ovn".equals(n.type());
            for (Afi afi : Afi.values()) {
                String fam = fam(afi);
                InetAddress nh = nextHop(n, afi);
                boolean noNextHop = ovn && nh == null;
                Prefix subnet = subnet(n, afi);
                boolean nat = LxdBool.isTrue(n.get(fam + ".nat"));
                if (subnet != null && !nat) {
                    offer(new LxdRoute(subnet, LxdRoute.Kind.SUBNET, n.project(), n.name(), null, nh), n, noNextHop);
                }
                if (!ovn && nat && settings.natAddressRoutes() && n.get(fam + ".nat.address") != null) {
                    InetAddress a = address(n.get(fam + ".nat.address"), afi, "network " + n.key() + " " + fam + ".nat.address");
                    if (a != null) {
                        offer(new LxdRoute(Prefix.of(a, afi.maxPrefixLength()), LxdRoute.Kind.NAT_ADDRESS, n.project(), n.name(),
                                null, nh), n, false);
                    }
                }
                for (Listener l : snap.listeners().getOrDefault(n.key(), List.of())) {
                    InetAddress a = address(l.listenAddress(), null, "network " + n.key() + " listen address");
                    if (a == null || (a.getAddress().length == 4) != (afi == Afi.IPV4)) {
                        continue;
                    }
                    Prefix host = Prefix.of(a, afi.maxPrefixLength());
                    if (subnet != null && nat && contains(subnet, host)) {
                        continue; // inside the NATed subnet: a private address, not routable from outside
                    }
                    if (!ovn && snap.server().clustered() && !l.location().isEmpty() && !"none".equals(l.location())
                            && !l.location().equals(member)) {
                        continue; // a bridge forward lives on one member
                    }
                    LxdRoute.Kind kind = l.kind() == Listener.Kind.FORWARD ? LxdRoute.Kind.FORWARD : LxdRoute.Kind.LOAD_BALANCER;
                    offer(new LxdRoute(host, kind, n.project(), n.name(), null, nh), n, noNextHop);
                }
            }
        }

        private void instance(Instance i) {
            String netProject = snap.networkProject(i.project());
            for (Map.Entry<String, Map<String, String>> nic : i.nics()) {
                Map<String, String> d = nic.getValue();
                Network n = null;
                if (d.get("network") != null) {
                    n = snap.networks().get(new Key(netProject, d.get("network")));
                } else if ("bridged".equals(d.get("nictype")) && d.get("parent") != null) {
                    n = snap.networks().get(new Key("default", d.get("parent")));
                    n = n != null && "bridge".equals(n.type()) ? n : null;
                }
                if (n == null || !("bridge".equals(n.type()) || "ovn".equals(n.type()))) {
                    continue;
                }
                for (Afi afi : Afi.values()) {
                    String key = fam(afi) + ".routes.external";
                    String v = d.get(key);
                    if (v == null || v.isBlank()) {
                        continue;
                    }
                    InetAddress nh = nextHop(n, afi);
                    for (String part : v.split(",")) {
                        if (part.isBlank()) {
                            continue;
                        }
                        Prefix p = prefix(part.strip(), afi, "instance " + i.key() + " " + nic.getKey() + " " + key);
                        if (p != null) {
                            offer(new LxdRoute(p, LxdRoute.Kind.NIC_ROUTE, i.project(), n.name(), i.name(), nh), n,
                                    "ovn".equals(n.type()) && nh == null);
                        }
                    }
                }
            }
        }

        private void offer(LxdRoute r, Network n, boolean noNextHop) {
            String why = reject(r, n, noNextHop);
            if (why == null) {
                routes.add(r);
            } else {
                rejected.add(new Rejection(r, why));
            }
        }

        private String reject(LxdRoute r, Network n, boolean noNextHop) {
            Prefix p = r.prefix();
            if (p.length() == 0) {
                return "a default route is never announced";
            }
            if (noNextHop) {
                return "the OVN network has no " + fam(p.afi()) + " router address on its uplink (volatile.network."
                        + fam(p.afi()) + ".address)";
            }
            if (!settings.allow().prefixes().isEmpty() && !inside(p, settings.allow().prefixes())) {
                return "outside allow.prefixes";
            }
            List<Prefix> pl = settings.allow().projects().get(r.project());
            if (pl != null) {
                if (!inside(p, pl)) {
                    return "outside allow.projects." + r.project();
                }
            } else {
                Project proj = snap.projects().get(r.project());
                if (proj != null && proj.restricted()) {
                    List<Prefix> subnets = restrictedSubnets(proj);
                    if (!inside(p, subnets)) {
                        return subnets.isEmpty()
                                ? "project " + r.project() + " is restricted and has no restricted.networks.subnets"
                                : "outside project " + r.project() + "'s restricted.networks.subnets";
                    }
                }
            }
            String uplink = "ovn".equals(n.type()) ? n.get("network") : n.name();
            List<Prefix> ul = uplink == null ? null : settings.allow().uplinks().get(uplink);
            if (ul != null) {
                if (!inside(p, ul)) {
                    return "outside allow.uplinks." + uplink;
                }
            } else if ("ovn".equals(n.type())) {
                Network up = uplink == null ? null : snap.networks().get(new Key("default", uplink));
                List<Prefix> routes = up == null ? List.of() : uplinkRoutes(up, p.afi());
                if (!inside(p, routes)) {
                    return uplink == null ? "the OVN network has no uplink"
                            : "outside uplink " + uplink + "'s " + fam(p.afi()) + ".routes";
                }
            }
            return null;
        }

        private List<Prefix> restrictedSubnets(Project proj) {
            List<Prefix> out = new ArrayList<>();
            String v = proj.config().get("restricted.networks.subnets");
            if (v == null) {
                return out;
            }
            for (String part : v.split(",")) {
                String s = part.strip();
                int colon = s.indexOf(':');
                // "UPLINK:CIDR" (names have no colon; an IPv6 CIDR has, so a bare CIDR is taken as is)
                String cidr = colon > 0 && !looksLikeAddress(s) ? s.substring(colon + 1) : s;
                Prefix p = prefix(cidr, null, "project " + proj.name() + " restricted.networks.subnets");
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }

        private static boolean looksLikeAddress(String s) {
            return InetAddresses.parseLiteral(s.contains("/") ? s.substring(0, s.indexOf('/')) : s) != null;
        }

        private List<Prefix> uplinkRoutes(Network up, Afi afi) {
            List<Prefix> out = new ArrayList<>();
            String v = up.get(fam(afi) + ".routes");
            if (v != null) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        Prefix p = prefix(part.strip(), afi, "uplink " + up.key() + " " + fam(afi) + ".routes");
                        if (p != null) {
                            out.add(p);
                        }
                    }
                }
            }
            return out;
        }

        /** The next hop for routes of this network and family; null means this host (the session's address). */
        private InetAddress nextHop(Network n, Afi afi) {
            String fam = fam(afi);
            String explicit = n.get("bgp." + fam + ".nexthop");
            if (explicit != null && !explicit.isBlank()) {
                InetAddress a = address(explicit, afi, "network " + n.key() + " bgp." + fam + ".nexthop");
                if (a != null && !a.isAnyLocalAddress()) {
                    return a;
                }
            }
            if ("ovn".equals(n.type())) {
                String v = n.get("volatile.network." + fam + ".address");
                InetAddress a = v == null ? null : address(v, afi, "network " + n.key() + " volatile.network." + fam + ".address");
                return a != null && !a.isAnyLocalAddress() ? a : null;
            }
            return afi == Afi.IPV4 ? settings.ipv4NextHop() : settings.ipv6NextHop();
        }

        private static String fam(Afi afi) {
            return afi == Afi.IPV4 ? "ipv4" : "ipv6";
        }

        /** Parses ADDRESS or ADDRESS/LEN (prefix length dropped) of the given family (any when null). */
        private InetAddress address(String text, Afi afi, String where) {
            String s = text.strip();
            int slash = s.indexOf('/');
            byte[] b = InetAddresses.parseLiteral(slash < 0 ? s : s.substring(0, slash));
            if (b == null) {
                problems.add(where + ": '" + text + "' is not an address");
                return null;
            }
            if (b.length == 16 && InetAddresses.isIpv4Mapped(b)) {
                problems.add(where + ": '" + text + "' is an IPv4-mapped IPv6 address; not used");
                return null;
            }
            if (afi != null && (b.length == 4) != (afi == Afi.IPV4)) {
                problems.add(where + ": '" + text + "' is not an " + (afi == Afi.IPV4 ? "IPv4" : "IPv6") + " address; not used");
                return null;
            }
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        /** A bridge's {@code ipvN.address} ("198.18.10.1/24") as its subnet, or null for none. */
        private Prefix subnet(Network n, Afi afi) {
            String v = n.get(fam(afi) + ".address");
            if (v == null || v.isBlank() || "none".equals(v) || "auto".equals(v)) {
                return null;
            }
            int slash = v.indexOf('/');
            InetAddress a = address(v, afi, "network " + n.key() + " " + fam(afi) + ".address");
            if (a == null) {
                return null;
            }
            if (slash < 0) {
                problems.add("network " + n.key() + " " + fam(afi) + ".address: '" + v + "' has no prefix length");
                return null;
            }
            int len;
            try {
                len = Integer.parseInt(v.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                problems.add("network " + n.key() + " " + fam(afi) + ".address: '" + v + "' has a bad prefix length");
                return null;
            }
            if (len < 0 || len > afi.maxPrefixLength()) {
                problems.add("network " + n.key() + " " + fam(afi) + ".address: '" + v + "' has a bad prefix length");
                return null;
            }
            return Prefix.of(mask(a.getAddress(), len), len);
        }

        private Prefix prefix(String text, Afi afi, String where) {
            try {
                Prefix p = Prefix.parse(text);
                if (afi != null && p.afi() != afi) {
                    problems.add(where + ": '" + text + "' is not " + (afi == Afi.IPV4 ? "IPv4" : "IPv6"));
                    return null;
                }
                if (p.afi() == Afi.IPV6 && InetAddresses.isIpv4Mapped(p.address())) {
                    problems.add(where + ": '" + text + "' is an IPv4-mapped prefix");
                    return null;
                }
                return p;
            } catch (IllegalArgumentException e) {
                problems.add(where + ": '" + text + "': " + e.getMessage());
                return null;
            }
        }
    }

    static byte[] mask(byte[] a, int len) {
        byte[] out = a.clone();
        for (int bit = len; bit < out.length * 8; bit++) {
            out[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return out;
    }

    /** Whether {@code inner} lies inside {@code outer}. */
    public static boolean contains(Prefix outer, Prefix inner) {
        if (outer.afi() != inner.afi() || outer.length() > inner.length()) {
            return false;
        }
        return java.util.Arrays.equals(mask(inner.address(), outer.length()), outer.address());
    }

    static boolean inside(Prefix p, List<Prefix> list) {
        for (Prefix q : list) {
            if (contains(q, p)) {
                return true;
            }
        }
        return false;
    }
}
