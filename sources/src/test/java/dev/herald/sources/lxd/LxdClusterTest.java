package dev.herald.sources.lxd;

import static dev.herald.sources.TestPrefixes.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdModel.Key;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The LXD source on a cluster member: per-member network keys, evacuation and restore. */
class LxdClusterTest {
    private static final Set<Prefix> ALL = set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32", "192.0.2.16/28");

    private static LxdSettings member(String name) {
        return new LxdSettings(List.of(), false, null, null, name, LxdSettings.Allow.NONE);
    }

    private static InetAddress nextHop(LxdAnnouncer.Announcement a, String prefix) {
        return a.routes().stream().filter(r -> r.prefix().equals(Prefix.parse(prefix))).findFirst().orElseThrow().nextHop();
    }

    @Test
    void perMemberNetworkKeysComeFromTheMemberHeraldAnnouncesFor() throws Exception {
        // LXD leaves bgp.ipvN.nexthop out of every network it returns without ?target=: herald must ask
        // for this member's view, or a bridge's per-member next hop is silently replaced by "this host"
        FixtureClient c = FixtureClient.cluster("m1");
        List<String> bad = new ArrayList<>();
        LxdSnapshot s = new LxdLoader(c, bad).full(null);
        assertEquals(List.of(), bad);
        LxdAnnouncer.Announcement a = LxdAnnouncer.compute(s, LxdSettings.defaults());
        assertEquals(ALL, a.prefixes());
        assertEquals(InetAddress.getByName("198.18.10.254"), nextHop(a, "198.18.10.0/24"));
        assertEquals(InetAddress.getByName("fd00:10::254"), nextHop(a, "fd00:10::/64"));
        assertTrue(c.asked.contains("/1.0/networks/hbr0?project=default&target=m1"), c.asked.toString());

        // a remote url answered by m1 while herald runs beside m2: m2's keys, and c1 (on m1) is not ours
        FixtureClient remote = FixtureClient.cluster("m1");
        LxdSnapshot m2 = new LxdLoader(remote, bad, "m2").full(null);
        LxdAnnouncer.Announcement b = LxdAnnouncer.compute(m2, member("m2"));
        assertEquals(set("198.18.10.0/24", "fd00:10::/64", "203.0.113.7/32"), b.prefixes());
        assertEquals(InetAddress.getByName("198.18.10.253"), nextHop(b, "198.18.10.0/24"));
        assertTrue(!remote.asked.contains("/1.0/networks/hbr0?project=default&target=m1"), remote.asked.toString());

        // the refetch after a network event asks for the same member's view
        remote.asked.clear();
        LxdSnapshot again = new LxdLoader(remote, bad, "m2").network(m2, new Key("default", "hbr0"));
        assertEquals(List.of("/1.0/networks/hbr0?project=default&target=m2", "/1.0/networks/hbr0/forwards?recursion=1&project=default"),
                remote.asked);
        assertEquals(m2.networks(), again.networks());
        assertEquals(List.of(), bad);
    }

    @Test
    void outsideAClusterNoTargetAndNoMemberRead() throws Exception {
        FixtureClient c = FixtureClient.bridge();
        LxdSnapshot s = new LxdLoader(c, new ArrayList<>(), "m1").full(null);
        assertTrue(c.asked.stream().noneMatch(p -> p.contains("target=") || p.startsWith("/1.0/cluster")), c.asked.toString());
        assertTrue(!s.evacuated());
    }

    @Test
    void evacuatedMemberIsReadFromTheClusterMembers() throws Exception {
        FixtureClient c = FixtureClient.cluster("m1").member("m1", "Evacuated");
        List<String> bad = new ArrayList<>();
        LxdSnapshot s = new LxdLoader(c, bad).full(null);
        assertTrue(s.evacuated());
        LxdAnnouncer.Announcement a = LxdAnnouncer.compute(s, LxdSettings.defaults());
        assertEquals(Set.of(), a.prefixes());
        assertEquals("m1", a.evacuated());
        // another member's evacuation is not ours
        assertTrue(!new LxdLoader(c, bad, "m2").full(null).evacuated());
        // an answer herald cannot read keeps the last state; a member the cluster does not know is reported
        c.putText("/1.0/cluster/members/m1", "{\"type\":\"sync\",\"metadata\":{\"server_name\":\"m1\"}}");
        assertTrue(new LxdLoader(c, bad).full(s).evacuated());
        assertEquals(1, bad.size(), bad.toString());
        bad.clear();
        assertTrue(!new LxdLoader(c, bad, "m9").full(s).evacuated());
        assertTrue(bad.get(0).contains("not a member"), bad.toString());
    }

    @Test
    void evacuationWithdrawsEverythingAndRestoreAnnouncesAgain() throws Exception {
        FixtureClient f = FixtureClient.cluster("m1");
        LxdSourceTest.Scripted client = new LxdSourceTest.Scripted(f);
        LxdSourceTest.Sink sink = new LxdSourceTest.Sink();
        LxdSource src = new LxdSource(() -> client, LxdSettings.defaults(), 5_000);
        src.start(sink);
        try {
            assertEquals(ALL, sink.next());

            // LXD 5.0.2: the member's status flips when the evacuation starts; the only event for a member
            // without instances is the operation's. Its progress changes nothing, its end withdraws.
            f.member("m1", "Evacuated");
            client.event(operation("Evacuating cluster member", "Running"));
            assertNull(sink.sets.poll(300, TimeUnit.MILLISECONDS));
            client.event(operation("Evacuating cluster member", "Success"));
            assertEquals(Set.of(), sink.next());
            assertTrue(src.status(null).contains("cluster member m1 is evacuated: nothing announced"), src.status(null));
            assertTrue(src.connected());

            // LXD 6.6+ and Incus also send a lifecycle event for the restore
            f.member("m1", "Online");
            client.event("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"cluster-member-restored\","
                    + "\"source\":\"/1.0/cluster/members/m1\"},\"project\":\"default\",\"location\":\"m1\"}");
            assertEquals(ALL, sink.next());
            assertTrue(!src.status(null).contains("evacuated"));

            // another member's evacuation moves nothing here
            f.member("m2", "Evacuated");
            client.event(operation("Evacuating cluster member", "Success"));
            assertNull(sink.sets.poll(300, TimeUnit.MILLISECONDS));
        } finally {
            src.close();
        }
    }

    static String operation(String description, String status) {
        return "{\"type\":\"operation\",\"location\":\"m1\",\"metadata\":{\"id\":\"5f1c\",\"class\":\"task\",\"description\":\""
                + description + "\",\"created_at\":\"2026-12-07T11:00:00Z\",\"updated_at\":\"2026-12-07T11:00:01Z\",\"status\":\""
                + status + "\",\"status_code\":200,\"resources\":null,\"metadata\":null,\"may_cancel\":false,\"err\":\"\","
                + "\"location\":\"m1\"},\"project\":\"\"}";
    }
}
