package dev.herald.interop.lxd;

import dev.herald.interop.lab.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the differential test has made in the daemon, as far as the daemon accepted it: the
 * networks with the keys the test set, their forwards, the instances (running or not, the
 * {@code ipvN.routes.external} of their NIC) and the project's config. A command the daemon
 * refuses changes nothing here. The known differences are judged on this state.
 *
 * <p>Address pools are disjoint by design, so that no two objects ever claim one prefix
 * (network {@code i}: 198.19.(10+i).0/24, fd00:19:(10+i)::/64, NAT addresses 203.0.113.(200+i)
 * and 2001:db8:ff::(i+1), forwards 203.0.113.(64+8i+k), 2001:db8:f:i::(k+1) and inside the
 * subnets; instance {@code j}: its own /28s and /64s). The anchor network (never deleted) holds
 * the BGP peer and the instances' NICs; the marker instance (always running, not drawn by the
 * steps) announces the step marker.
 */
final class LxdWorld {
    static final int NETWORKS = 3;
    /** Step markers: the marker instance's {@code ipv4.routes.external}, one after the other. */
    static final String[] MARKERS = {"203.0.113.240/30", "203.0.113.244/30"};
    static final String MARKER_INSTANCE = "mk";
    /** Step markers where containers cannot run: the anchor's {@code ipv4.nat.address} (a bridge set-up each, so slower). */
    static final String[] NAT_MARKERS = {"203.0.113.250", "203.0.113.251"};

    final DaemonKind kind;
    final String base;
    final String anchor;
    final String project;
    final Map<String, Map<String, String>> networks = new TreeMap<>();
    final Map<String, Set<String>> forwards = new TreeMap<>();
    final Map<String, Instance> instances = new TreeMap<>();
    final Map<String, String> projectConfig = new TreeMap<>();

    /** An instance with one NIC (eth0, on the anchor) and the prefixes it may claim. */
    static final class Instance {
        final String name;
        final String project;
        final List<String> pool4;
        final List<String> pool6;
        final Map<String, String> nic = new TreeMap<>();
        boolean running;
        /**
         * What the daemon's BGP server announces for this instance while it is stopped: LXD 5.0.2
         * re-adds a NIC's routes.external on every device update, running or not
         * ({@code nicBridged.Update} calls {@code bgpAddPrefix} outside its {@code isRunning}
         * block), and only a stop removes them. Empty while running.
         */
        final Set<IpPrefix> announcedWhileStopped = new TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));

        Instance(String name, String project, List<String> pool4, List<String> pool6) {
            this.name = name;
            this.project = project;
            this.pool4 = pool4;
            this.pool6 = pool6;
        }

        /** {@code --project P} for the client. */
        List<String> projectArgs() {
            return List.of("--project", project);
        }
    }

    LxdWorld(DaemonKind kind, String base) {
        this.kind = kind;
        this.base = base;
        this.anchor = base + "a";
        this.project = base + "p";
        instances.put("d1", new Instance("d1", "default", List.of("203.0.113.128/28", "203.0.113.144/28"),
                List.of("2001:db8:1:1::/64", "2001:db8:1:11::/64")));
        instances.put("d2", new Instance("d2", "default", List.of("203.0.113.160/28", "203.0.113.176/28"),
                List.of("2001:db8:1:2::/64", "2001:db8:1:12::/64")));
        // in the project: one prefix of each family inside the subnets the project may be restricted to, one outside
        instances.put("pd", new Instance("pd", project, List.of("198.51.100.0/26", "203.0.113.224/28"),
                List.of("2001:db8:5::/64", "2001:db8:6::/64")));
    }

    /**
     * The anchor's keys: the peer, NATed subnets (nothing announced but the NAT marker, when the
     * markers are NAT addresses), the uplink routes the project's subnets need.
     */
    List<String> anchorConfig(String[] peerConfig, boolean natMarker) {
        List<String> c = new ArrayList<>(List.of("ipv4.address=198.19.9.1/24", "ipv4.nat=true",
                "ipv6.address=fd00:19:9::1/64", "ipv6.nat=true", "ipv4.routes=198.51.100.0/24", "ipv6.routes=2001:db8:5::/48"));
        c.addAll(List.of(peerConfig));
        if (natMarker) {
            c.add("ipv4.nat.address=" + NAT_MARKERS[0]);
        }
        return c;
    }

    /** The subnets {@code restricted.networks.subnets} may name (inside the anchor's routes). */
    List<String> restrictedSubnetChoices() {
        return List.of(anchor + ":198.51.100.0/25", anchor + ":2001:db8:5::/56",
                anchor + ":198.51.100.0/25," + anchor + ":2001:db8:5::/56");
    }

    String network(int i) {
        return base + "n" + i;
    }

    static String subnet4(int i) {
        return "198.19." + (10 + i) + ".1/24";
    }

    static String subnet6(int i) {
        return "fd00:19:" + (10 + i) + "::1/64";
    }

    static String natAddress4(int i) {
        return "203.0.113." + (200 + i);
    }

    static String natAddress6(int i) {
        return "2001:db8:ff::" + (i + 1);
    }

    /** Listen addresses network {@code i}'s forwards draw from: outside its subnets, and inside them. */
    static List<String> forwardPool(int i) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            out.add("203.0.113." + (64 + 8 * i + k));
            out.add("2001:db8:f:" + i + "::" + (k + 1));
        }
        out.add("198.19." + (10 + i) + ".200");
        out.add("fd00:19:" + (10 + i) + "::200");
        return out;
    }

    /** LXD's reading of a boolean (Go {@code shared.IsTrue}), written from LXD's source, not herald's. */
    static boolean isTrue(String v) {
        return v != null && Set.of("true", "1", "yes", "on").contains(v.toLowerCase(Locale.ROOT));
    }

    /** Every spelling LXD takes ({@code validate.IsBool}: true/yes/on/1, false/no/off/0, any case). */
    static final List<String> TRUE_WORDS = List.of("true", "yes", "on", "1");
    static final List<String> FALSE_WORDS = List.of("false", "no", "off", "0");

    /** The project's restricted subnets as prefixes ("UPLINK:CIDR", comma separated). */
    List<IpPrefix> restrictedSubnets() {
        List<IpPrefix> out = new ArrayList<>();
        String v = projectConfig.get("restricted.networks.subnets");
        if (v != null) {
            for (String part : v.split(",")) {
                String s = part.strip();
                out.add(IpPrefix.parse(s.substring(s.indexOf(':') + 1)));
            }
        }
        return out;
    }

    /** The running NICs' prefixes by instance. */
    Map<String, Set<IpPrefix>> runningNicRoutes() {
        Map<String, Set<IpPrefix>> out = new TreeMap<>();
        for (Instance i : instances.values()) {
            if (i.running) {
                out.put(i.name, nicRoutes(i));
            }
        }
        return out;
    }

    /** Both families' {@code routes.external} of the instance's NIC. */
    static Set<IpPrefix> nicRoutes(Instance i) {
        Set<IpPrefix> s = new TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
        for (String key : List.of("ipv4.routes.external", "ipv6.routes.external")) {
            String v = i.nic.get(key);
            if (v != null && !v.isBlank()) {
                for (String p : v.split(",")) {
                    s.add(IpPrefix.parse(p.strip()));
                }
            }
        }
        return s;
    }

    /** Whether {@code inner} lies inside {@code outer}. */
    static boolean contains(IpPrefix outer, IpPrefix inner) {
        byte[] o = outer.address().getAddress();
        byte[] n = inner.address().getAddress();
        if (o.length != n.length || outer.length() > inner.length()) {
            return false;
        }
        for (int bit = 0; bit < outer.length(); bit++) {
            int mask = 0x80 >>> (bit & 7);
            if ((o[bit >> 3] & mask) != (n[bit >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "networks " + networks + "\n  forwards " + forwards + "\n  project " + projectConfig + "\n  instances "
                + instances.values().stream().map(i -> i.name + (i.running ? " running " : " stopped ") + i.nic).toList();
    }
}
