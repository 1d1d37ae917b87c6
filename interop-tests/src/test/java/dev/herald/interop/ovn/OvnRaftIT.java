package dev.herald.interop.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OVN source against a 3-member RAFT Southbound cluster (OVN 25.03, trixie tree): herald gets
 * the member list, northd and ovn-controller too. Killing the leader must not withdraw anything
 * at FRR, and changes made after the new election still arrive.
 */
class OvnRaftIT {
    @Test
    void losingTheLeaderWithdrawsNothingAndChangesStillArrive() throws Exception {
        Lab.requireLab();
        OvnCluster.require();
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        long t0 = System.nanoTime();
        try (LabLink link = LabLink.create("ovn-raft")) {
            OvnCluster ovn = link.own(OvnCluster.start(link.speakerNs(), link.logDir().resolve("ovn"), "gw1", true));
            Router router = RouterKind.FRR_HOST.startOn(link);
            ovn.gatewayRouter("gw1");
            Herald herald = link.own(Herald.start(link.speakerNs(),
                    OvnSourceIT.heraldYaml(link, OvnCluster.clusterRemotes(), ovn.ovsRemoteFromHost()),
                    link.logDir().resolve("herald")));
            router.await("the connected subnets from the cluster", OvnSourceIT.TIMEOUT, () -> {
                herald.checkAlive();
                return prefixes(router).equals(OvnSourceIT.CONNECTED) ? Optional.of(true) : Optional.empty();
            });
            int leader = ovn.leader();
            assertTrue(leader > 0, "a leader");
            int first = heraldMember(herald);
            ovn.stopMember(leader);
            // no withdrawal, ever, while the cluster elects a new leader and herald moves if it must
            ovn.await("a new RAFT leader", () -> ovn.leader() > 0);
            Set<IpPrefix> expected = new HashSet<>(OvnSourceIT.CONNECTED);
            ovn.nb("lr-nat-add", "lr-gw", "dnat_and_snat", "198.51.100.50", "203.0.113.11");
            expected.add(IpPrefix.parse("198.51.100.50/32"));
            awaitWithoutWithdrawal(router, herald, expected, "after the leader (member " + leader + ") went");
            // herald was on the leader: it moved; else make it move: the old leader back, then herald's member away
            ovn.startMember(leader);
            ovn.await("member " + leader + " back in the cluster", () -> ovn.memberConnected(leader));
            int second = heraldMember(herald);
            if (second != first || first == leader) {
                assertTrue(log(herald).contains("Southbound unreachable"), "herald lost its member:\n" + herald.logTail());
            }
            ovn.stopMember(second);
            ovn.await("a RAFT leader", () -> ovn.leader() > 0);
            ovn.nb("lr-nat-add", "lr-gw", "dnat_and_snat", "2001:db8:ff::50", "2001:db8:1::11");
            expected.add(IpPrefix.parse("2001:db8:ff::50/128"));
            awaitWithoutWithdrawal(router, herald, expected, "after herald's member " + second + " went");
            ovn.await("herald on another member", () -> heraldMember(herald) != second);
            System.err.println("[lab] OvnRaftIT: leader was member " + leader + ", herald was on " + first + ", then on "
                    + second + ", now on " + heraldMember(herald));
            System.err.println("[lab] OvnRaftIT: leader was member " + leader + "; took " + (System.nanoTime() - t0) / 1_000_000
                    + " ms");
        }
    }

    /** Waits for {@code expected} at FRR, failing at once if any of it that was there goes. */
    static void awaitWithoutWithdrawal(Router router, Herald herald, Set<IpPrefix> expected, String when)
            throws InterruptedException {
        long deadline = System.nanoTime() + OvnSourceIT.TIMEOUT.toNanos();
        Set<IpPrefix> seen = new HashSet<>(prefixes(router));
        Set<IpPrefix> now = seen;
        while (!now.equals(expected)) {
            herald.checkAlive();
            Set<IpPrefix> gone = new HashSet<>(seen);
            gone.removeAll(now);
            assertTrue(gone.isEmpty(), "withdrawn " + when + ": " + gone + "\n" + herald.logTail());
            assertTrue(System.nanoTime() < deadline, "not all arrived " + when + ": " + now + "\n" + herald.logTail());
            Thread.sleep(100);
            seen.addAll(now);
            now = prefixes(router);
        }
        assertEquals(expected, now);
    }

    /** The member herald last connected to, from its log ("connected to the Southbound database at tcp:...:PORT"). */
    static int heraldMember(Herald herald) {
        String marker = "connected to the Southbound database at tcp:127.0.0.1:";
        String log = log(herald);
        int i = log.lastIndexOf(marker);
        if (i < 0) {
            return 0;
        }
        int port = Integer.parseInt(log.substring(i + marker.length(), i + marker.length() + 4));
        return port - OvnCluster.memberPort(0);
    }

    static String log(Herald herald) {
        try {
            return java.nio.file.Files.readString(herald.daemon().log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<IpPrefix> prefixes(Router router) {
        Set<IpPrefix> out = new HashSet<>();
        for (Family f : List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)) {
            for (ReceivedRoute r : router.routes(f)) {
                out.add(r.prefix());
            }
        }
        return out;
    }
}
