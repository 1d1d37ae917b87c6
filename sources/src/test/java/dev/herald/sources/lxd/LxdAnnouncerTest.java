package dev.herald.sources.lxd;

import static dev.herald.sources.TestPrefixes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdAnnouncer.Announcement;
import dev.herald.sources.lxd.LxdModel.Instance;
import dev.herald.sources.lxd.LxdModel.Key;
import dev.herald.sources.lxd.LxdModel.Listener;
import dev.herald.sources.lxd.LxdModel.Network;
import dev.herald.sources.lxd.LxdModel.Project;
import dev.herald.sources.lxd.LxdModel.Server;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LxdAnnouncerTest {
    private static LxdSnapshot captured() throws Exception {
        List<String> bad = new ArrayList<>();
        LxdSnapshot s = new LxdLoader(FixtureClient.bridge(), bad).full(null);
        assertEquals(List.of(), bad);
        return s;
    }

    @Test
    void capturedBridgeSetup() throws Exception {
        // LXD 5.0.2: hbr0 198.18.10.1/24 + fd00:10::1/64 without NAT, forward 203.0.113.7, c1 (default)
        // with ipv4.routes.external 192.0.2.16/28, c2 in restricted project p2
        // (restricted.networks.subnets hbr0:198.51.100.0/24) claiming 203.0.113.0/24.
        LxdSnapshot s = captured();
        assertEquals(Set.of("default", "p2"), s.projects().keySet());
        assertEquals(Set.of(new Key("default", "hbr0")), s.networks().keySet()); // unmanaged ones left out
        Announcement a = LxdAnnouncer.compute(s, LxdSettings.defaults());
        assertEquals(set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32", "192.0.2.16/28"), a.prefixes());
        assertEquals(1, a.rejected().size());
        LxdAnnouncer.Rejection r = a.rejected().get(0);
        assertEquals(Prefix.parse("203.0.113.0/24"), r.route().prefix());
        assertEquals("p2", r.route().project());
        assertEquals("c2", r.route().instance());
        assertTrue(r.reason().contains("restricted.networks.subnets"), r.reason());
        LxdRoute nic = a.routes().stream().filter(x -> x.kind() == LxdRoute.Kind.NIC_ROUTE).findFirst().orElseThrow();
        assertEquals(Map.of("project", "default", "network", "hbr0", "instance", "c1"), nic.tags());
        assertNull(nic.nextHop());
        assertEquals(List.of(), a.problems());
    }

    @Test
    void allowListForProjectOverridesRestrictedSubnets() throws Exception {
        LxdSettings st = new LxdSettings(List.of(), false, null, null, null,
                new LxdSettings.Allow(List.of(), Map.of("p2", List.of(Prefix.parse("203.0.113.0/24"))), Map.of()));
        assertTrue(LxdAnnouncer.compute(captured(), st).prefixes().contains(Prefix.parse("203.0.113.0/24")));
        LxdSettings global = new LxdSettings(List.of(), false, null, null, null,
                new LxdSettings.Allow(List.of(Prefix.parse("192.0.2.0/24"), Prefix.parse("198.18.0.0/15")), Map.of(), Map.of()));
        assertEquals(set("198.18.10.0/24", "192.0.2.16/28"), LxdAnnouncer.compute(captured(), global).prefixes());
    }

    @Test
    void projectsFilter() throws Exception {
        LxdSettings st = new LxdSettings(List.of("p2"), false, null, null, null, LxdSettings.Allow.NONE);
        Announcement a = LxdAnnouncer.compute(captured(), st);
        assertEquals(Set.of(), a.prefixes());
        assertEquals(1, a.rejected().size());
    }

    @Test
    void stoppedInstanceAndOtherClusterMember() throws Exception {
        LxdSnapshot s = captured();
        Instance c1 = s.instances().get(new Key("default", "c1"));
        LxdSnapshot stopped = s.withInstance(c1.key(), new Instance("default", "c1", "Stopped", "none", c1.devices()));
        assertTrue(!LxdAnnouncer.compute(stopped, LxdSettings.defaults()).prefixes().contains(Prefix.parse("192.0.2.16/28")));
        LxdSnapshot cluster = new LxdSnapshot(new Server("m1", true, s.server().apiExtensions()), s.projects(), s.networks(),
                s.listeners(), Map.of(c1.key(), new Instance("default", "c1", "Running", "m2", c1.devices())));
        assertTrue(!LxdAnnouncer.compute(cluster, LxdSettings.defaults()).prefixes().contains(Prefix.parse("192.0.2.16/28")));
        LxdSnapshot here = new LxdSnapshot(new Server("m2", true, s.server().apiExtensions()), s.projects(), s.networks(),
                s.listeners(), Map.of(c1.key(), new Instance("default", "c1", "Running", "m2", c1.devices())));
        assertTrue(LxdAnnouncer.compute(here, LxdSettings.defaults()).prefixes().contains(Prefix.parse("192.0.2.16/28")));
    }

    private static LxdSnapshot snap(List<Network> nets, List<Listener> ls, List<Instance> insts, List<Project> projects) {
        Map<Key, Network> n = new HashMap<>();
        Map<Key, List<Listener>> l = new HashMap<>();
        for (Network x : nets) {
            n.put(x.key(), x);
        }
        for (Listener x : ls) {
            l.computeIfAbsent(new Key(x.project(), x.network()), k -> new ArrayList<>()).add(x);
        }
        Map<Key, Instance> i = new HashMap<>();
        for (Instance x : insts) {
            i.put(x.key(), x);
        }
        Map<String, Project> p = new HashMap<>();
        p.put("default", new Project("default", Map.of()));
        for (Project x : projects) {
            p.put(x.name(), x);
        }
        return new LxdSnapshot(new Server("none", false, Set.of()), p, n, l, i);
    }

    @Test
    void natBridge() {
        Network br = new Network("default", "br", "bridge", Map.of("ipv4.address", "198.18.20.1/24", "ipv4.nat", "true",
                "ipv4.nat.address", "198.51.100.9", "ipv6.address", "fd00:20::1/64", "ipv6.nat", "true"));
        Listener inside = new Listener("default", "br", Listener.Kind.FORWARD, "198.18.20.50", "none");
        Listener outside = new Listener("default", "br", Listener.Kind.FORWARD, "2001:db8:5::1", "none");
        LxdSnapshot s = snap(List.of(br), List.of(inside, outside), List.of(), List.of());
        assertEquals(set("2001:db8:5::1/128"), LxdAnnouncer.compute(s, LxdSettings.defaults()).prefixes());
        LxdSettings nat = new LxdSettings(List.of(), true, null, null, null, LxdSettings.Allow.NONE);
        assertEquals(set("2001:db8:5::1/128", "198.51.100.9/32"), LxdAnnouncer.compute(s, nat).prefixes());
        // inside a subnet that is routed (NAT off): announced as well, like LXD does
        Network routed = new Network("default", "br", "bridge", Map.of("ipv4.address", "198.18.20.1/24", "ipv4.nat", "false"));
        assertEquals(set("198.18.20.0/24", "198.18.20.50/32"), LxdAnnouncer.compute(snap(List.of(routed), List.of(inside),
                List.of(), List.of()), LxdSettings.defaults()).prefixes());
    }

    /** Issue 17: LXD takes yes/on/1 in any case as true (shared.IsTrue); a NATed subnet is private whatever the spelling. */
    @Test
    void natSpelledAsLxdTakesIt() {
        for (String on : List.of("true", "TRUE", "yes", "Yes", "on", "ON", "1")) {
            Network br = new Network("default", "br", "bridge", Map.of("ipv4.address", "198.18.20.1/24", "ipv4.nat", on,
                    "ipv6.address", "fd00:20::1/64", "ipv6.nat", on));
            assertEquals(Set.of(), LxdAnnouncer.compute(snap(List.of(br), List.of(), List.of(), List.of()), LxdSettings.defaults())
                    .prefixes(), "ipv4.nat/ipv6.nat=" + on);
        }
        // false, 0, no, off, "" and an absent key: no NAT (LXD writes ipv4.nat=true on create, never reads a default true)
        for (String off : java.util.Arrays.asList("false", "FALSE", "no", "off", "Off", "0", "", null)) {
            Map<String, String> cfg = new HashMap<>(Map.of("ipv4.address", "198.18.20.1/24"));
            if (off != null) {
                cfg.put("ipv4.nat", off);
            }
            Network br = new Network("default", "br", "bridge", cfg);
            assertEquals(set("198.18.20.0/24"), LxdAnnouncer.compute(snap(List.of(br), List.of(), List.of(), List.of()),
                    LxdSettings.defaults()).prefixes(), "ipv4.nat=" + off);
        }
    }

    /** Issue 17: restricted=on (any spelling LXD takes) must not let a project's NIC routes skip its allow-list. */
    @Test
    void restrictedSpelledAsLxdTakesIt() throws Exception {
        LxdSnapshot s = captured();
        Project p2 = s.projects().get("p2");
        for (String on : List.of("on", "ON", "yes", "1", "True")) {
            Map<String, String> cfg = new HashMap<>(p2.config());
            cfg.put("restricted", on);
            Map<String, Project> projects = new HashMap<>(s.projects());
            projects.put("p2", new Project("p2", cfg));
            LxdSnapshot r = new LxdSnapshot(s.server(), projects, s.networks(), s.listeners(), s.instances());
            Announcement a = LxdAnnouncer.compute(r, LxdSettings.defaults());
            assertTrue(!a.prefixes().contains(Prefix.parse("203.0.113.0/24")), "restricted=" + on);
            assertEquals(1, a.rejected().size(), "restricted=" + on);
        }
        assertTrue(new Project("p", Map.of("features.networks", "yes")).ownNetworks(), "features.networks=yes");
        assertTrue(!new Project("p", Map.of("features.networks", "off")).ownNetworks(), "features.networks=off");
    }

    @Test
    void nextHopsPerFamilyNeverWrongFamilyOrMapped() throws Exception {
        Network br = new Network("default", "br", "bridge", Map.of("ipv4.address", "198.18.20.1/24", "ipv4.nat", "false",
                "ipv6.address", "fd00:20::1/64", "bgp.ipv4.nexthop", "fd00::9", "bgp.ipv6.nexthop", "::ffff:198.18.0.1"));
        Instance c = new Instance("default", "c", "Running", "none", Map.of("eth0", Map.of("type", "nic", "network", "br",
                "ipv4.routes.external", "192.0.2.0/28, 192.0.2.32/28", "ipv6.routes.external", "2001:db8:1::/64,192.0.2.99/32")));
        Announcement a = LxdAnnouncer.compute(snap(List.of(br), List.of(), List.of(c), List.of()), new LxdSettings(List.of(), false,
                InetAddress.getByName("198.18.0.5"), InetAddress.getByName("fd00::5"), null, LxdSettings.Allow.NONE));
        assertEquals(set("198.18.20.0/24", "fd00:20::/64", "192.0.2.0/28", "192.0.2.32/28", "2001:db8:1::/64"), a.prefixes());
        for (LxdRoute r : a.routes()) {
            // the network's overrides are of the wrong family or mapped: ignored, herald's own overrides used
            assertEquals(r.prefix().afi() == dev.herald.codec.Afi.IPV4 ? InetAddress.getByName("198.18.0.5")
                    : InetAddress.getByName("fd00::5"), r.nextHop(), r.toString());
        }
        assertEquals(3, a.problems().size(), a.problems().toString()); // two overrides, one v4 prefix in the v6 key
        Network good = new Network("default", "br", "bridge", Map.of("ipv4.address", "198.18.20.1/24", "bgp.ipv4.nexthop",
                "198.18.0.7"));
        Announcement b = LxdAnnouncer.compute(snap(List.of(good), List.of(), List.of(), List.of()), LxdSettings.defaults());
        assertEquals(InetAddress.getByName("198.18.0.7"), b.routes().get(0).nextHop());
    }

    @Test
    void ovnNetworksUseTheRouterUplinkAddressAndTheUplinkRoutes() throws Exception {
        Network uplink = new Network("default", "UPLINK", "physical", Map.of("ipv4.routes", "192.0.2.0/24,198.51.100.0/24",
                "ipv6.routes", "2001:db8::/32"));
        Network ovn = new Network("p", "o1", "ovn", Map.of("network", "UPLINK", "ipv4.address", "192.0.2.1/26", "ipv4.nat", "false",
                "ipv6.address", "2001:db8:7::1/64", "ipv6.nat", "false", "volatile.network.ipv4.address", "198.18.30.10",
                "volatile.network.ipv6.address", "fd00:30::10"));
        Network nat = new Network("p", "o2", "ovn", Map.of("network", "UPLINK", "ipv4.address", "10.1.1.1/24", "ipv4.nat", "true",
                "volatile.network.ipv4.address", "198.18.30.11"));
        Listener lb = new Listener("p", "o1", Listener.Kind.LOAD_BALANCER, "198.51.100.20", "");
        Listener fw = new Listener("p", "o2", Listener.Kind.FORWARD, "203.0.113.5", ""); // outside the uplink's routes
        Instance i = new Instance("p", "c", "Running", "none", Map.of("eth0", Map.of("type", "nic", "network", "o2",
                "ipv4.routes.external", "198.51.100.64/28", "ipv6.routes.external", "2001:db8:9::/64")));
        Project p = new Project("p", Map.of("features.networks", "true"));
        Announcement a = LxdAnnouncer.compute(snap(List.of(uplink, ovn, nat), List.of(lb, fw), List.of(i), List.of(p)),
                LxdSettings.defaults());
        assertEquals(set("192.0.2.0/26", "2001:db8:7::/64", "198.51.100.20/32", "198.51.100.64/28"), a.prefixes());
        for (LxdRoute r : a.routes()) {
            InetAddress want = r.network().equals("o1")
                    ? InetAddress.getByName(r.prefix().afi() == dev.herald.codec.Afi.IPV4 ? "198.18.30.10" : "fd00:30::10")
                    : InetAddress.getByName("198.18.30.11");
            assertEquals(want, r.nextHop(), r.toString());
        }
        // The RIB gets the same next hops as hints, with the tags and the object as provenance.
        java.util.Map<Prefix, dev.herald.rib.RouteFacts> facts = new java.util.HashMap<>();
        a.ribRoutes("lxd").forEach(r -> facts.put(r.prefix(), r.facts()));
        assertEquals(a.prefixes(), facts.keySet());
        dev.herald.rib.RouteFacts nic = facts.get(Prefix.parse("198.51.100.64/28"));
        assertEquals(java.util.Optional.of(InetAddress.getByName("198.18.30.11")), nic.nextHopIpv4());
        assertEquals(Map.of("project", "p", "network", "o2", "instance", "c"), nic.tags());
        assertEquals("lxd nic-route project=p network=o2 instance=c", nic.origin());
        assertEquals(java.util.Optional.of(InetAddress.getByName("fd00:30::10")),
                facts.get(Prefix.parse("2001:db8:7::/64")).nextHopIpv6());
        // o2 has no IPv6 router address: its IPv6 NIC route is refused rather than sent with a wrong next hop
        assertEquals(2, a.rejected().size(), a.rejected().toString());
        assertTrue(a.rejected().stream().anyMatch(x -> x.reason().contains("outside uplink UPLINK's ipv4.routes")));
        assertTrue(a.rejected().stream().anyMatch(x -> x.reason().contains("volatile.network.ipv6.address")));
        // an explicit uplink allow-list replaces the uplink's routes
        LxdSettings st = new LxdSettings(List.of(), false, null, null, null, new LxdSettings.Allow(List.of(), Map.of(),
                Map.of("UPLINK", List.of(Prefix.parse("203.0.113.0/24")))));
        assertEquals(set("203.0.113.5/32"), LxdAnnouncer.compute(snap(List.of(uplink, ovn, nat), List.of(lb, fw), List.of(i),
                List.of(p)), st).prefixes());
    }

    @Test
    void garbageValuesAreProblemsNotCrashes() {
        Network br = new Network("default", "br", "bridge", Map.of("ipv4.address", "banana", "ipv6.address", "fd00::1/999",
                "ipv4.nat", "false"));
        Instance c = new Instance("default", "c", "Running", "none", Map.of("eth0", Map.of("type", "nic", "network", "br",
                "ipv4.routes.external", "0.0.0.0/0,192.0.2.1/24,,x")));
        Announcement a = LxdAnnouncer.compute(snap(List.of(br), List.of(), List.of(c), List.of()), LxdSettings.defaults());
        assertEquals(Set.of(), a.prefixes());
        assertEquals(1, a.rejected().size()); // the default route
        assertEquals(4, a.problems().size(), a.problems().toString());
    }
}
