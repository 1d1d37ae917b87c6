package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdModel.Key;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LxdLoaderTest {
    @Test
    void garbageInstanceKeepsItsPreviousVersion() throws Exception {
        List<String> bad = new ArrayList<>();
        LxdSnapshot good = new LxdLoader(FixtureClient.bridge(), bad).full(null);
        FixtureClient broken = FixtureClient.bridge().putText("/1.0/instances?recursion=1&all-projects=true",
                "{\"type\":\"sync\",\"metadata\":[{\"name\":\"c1\",\"project\":\"default\",\"expanded_devices\":[1,2]},"
                        + "{\"name\":\"c2\",\"project\":\"p2\",\"status\":\"Stopped\",\"expanded_devices\":{}}, 17]}");
        LxdSnapshot s = new LxdLoader(broken, bad).full(good);
        assertEquals(2, bad.size(), bad.toString());
        assertEquals(good.instances().get(new Key("default", "c1")), s.instances().get(new Key("default", "c1")));
        assertEquals("Stopped", s.instances().get(new Key("p2", "c2")).status());
        assertTrue(LxdAnnouncer.compute(s, LxdSettings.defaults()).prefixes().contains(Prefix.parse("192.0.2.16/28")));
    }

    @Test
    void brokenTopLevelFails() {
        FixtureClient broken = FixtureClient.bridge().putText("/1.0/projects?recursion=1", "{\"type\":\"sync\",\"metadata\":{}}");
        assertThrows(LxdJson.LxdGarbageException.class, () -> new LxdLoader(broken, new ArrayList<>()).full(null));
        FixtureClient notJson = FixtureClient.bridge().putText("/1.0", "<html>");
        assertThrows(LxdJson.LxdGarbageException.class, () -> new LxdLoader(notJson, new ArrayList<>()).full(null));
    }

    /**
     * An OVN network behind a physical uplink, with a load balancer (network_load_balancer, LXD 5.1+),
     * in the JSON shape of {@code lxc network show} on an OVN-backed LXD (not capturable here: no
     * openvswitch kernel datapath on the lab machines).
     */
    @Test
    void ovnNetworkWithLoadBalancer() throws Exception {
        FixtureClient c = FixtureClient.bridge();
        String server = new String(FixtureClient.class.getResourceAsStream("/lxd/bridge/server.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"network_forward\",", "\"network_forward\", \"network_load_balancer\",");
        c.putText("/1.0", server);
        c.putText("/1.0/networks?recursion=1&project=default", """
                {"type":"sync","status":"Success","status_code":200,"metadata":[
                 {"name":"UPLINK","type":"physical","managed":true,"status":"Created","config":{"parent":"eth1",
                  "ipv4.gateway":"198.18.40.1/24","ipv4.ovn.ranges":"198.18.40.100-198.18.40.150",
                  "ipv4.routes":"192.0.2.0/24","ipv6.gateway":"fd00:40::1/64","ipv6.routes":"2001:db8::/32"},"used_by":[]},
                 {"name":"ovn1","type":"ovn","managed":true,"status":"Created","config":{"bridge.mtu":"1442","network":"UPLINK",
                  "ipv4.address":"192.0.2.1/26","ipv4.nat":"false","ipv6.address":"2001:db8:7::1/64","ipv6.nat":"false",
                  "volatile.network.ipv4.address":"198.18.40.100",
                  "volatile.network.ipv6.address":"fd00:40::216:3eff:fe97:935d"},"used_by":[],"locations":["m1","m2"]}]}
                """);
        c.putText("/1.0/networks/ovn1/forwards?recursion=1&project=default", "{\"type\":\"sync\",\"metadata\":[]}");
        c.putText("/1.0/networks/ovn1/load-balancers?recursion=1&project=default", "{\"type\":\"sync\",\"metadata\":["
                + "{\"listen_address\":\"192.0.2.200\",\"description\":\"\",\"config\":{},\"backends\":[],\"ports\":[]}]}");
        c.putText("/1.0/instances?recursion=1&all-projects=true", "{\"type\":\"sync\",\"metadata\":[{\"name\":\"u1\","
                + "\"project\":\"default\",\"status\":\"Running\",\"location\":\"none\",\"expanded_devices\":{\"eth0\":"
                + "{\"type\":\"nic\",\"network\":\"ovn1\",\"ipv6.routes.external\":\"2001:db8:9::/64\"}}}]}");
        List<String> bad = new ArrayList<>();
        LxdSnapshot s = new LxdLoader(c, bad).full(null);
        assertEquals(List.of(), bad);
        LxdAnnouncer.Announcement a = LxdAnnouncer.compute(s, LxdSettings.defaults());
        assertEquals(new java.util.TreeSet<>(List.of(Prefix.parse("192.0.2.0/26"), Prefix.parse("2001:db8:7::/64"),
                Prefix.parse("192.0.2.200/32"), Prefix.parse("2001:db8:9::/64"))), a.prefixes());
        for (LxdRoute r : a.routes()) {
            assertEquals(r.prefix().afi() == dev.herald.codec.Afi.IPV4 ? java.net.InetAddress.getByName("198.18.40.100")
                    : java.net.InetAddress.getByName("fd00:40::216:3eff:fe97:935d"), r.nextHop(), r.toString());
        }
        assertTrue(a.routes().stream().anyMatch(r -> r.kind() == LxdRoute.Kind.LOAD_BALANCER));
    }

    @Test
    void refetchOneInstanceAndNetwork() throws Exception {
        List<String> bad = new ArrayList<>();
        FixtureClient c = FixtureClient.bridge();
        LxdSnapshot s = new LxdLoader(c, bad).full(null);
        c.put("/1.0/instances/c1?project=default", "bridge/instance-c1-stopped.json");
        LxdSnapshot t = new LxdLoader(c, bad).instance(s, new Key("default", "c1"));
        assertEquals("Stopped", t.instances().get(new Key("default", "c1")).status());
        LxdSnapshot gone = new LxdLoader(c, bad).instance(s, new Key("default", "nope"));
        assertEquals(s.instances(), gone.instances());
        LxdSnapshot noNet = new LxdLoader(c, bad).network(s, new Key("default", "hbr0"));
        assertTrue(noNet.networks().isEmpty()); // 404 here: removed
        assertEquals(List.of(), bad);
    }
}
