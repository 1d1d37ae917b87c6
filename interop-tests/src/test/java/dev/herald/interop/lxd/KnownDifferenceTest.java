package dev.herald.interop.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.herald.interop.lab.IpPrefix;
import org.junit.jupiter.api.Test;

/** The differential test's excuses explain exactly what they name, nothing more. */
class KnownDifferenceTest {
    private static final IpPrefix OUTSIDE = IpPrefix.parse("203.0.113.224/28");
    private static final IpPrefix INSIDE = IpPrefix.parse("198.51.100.0/26");
    private static final IpPrefix OUTSIDE6 = IpPrefix.parse("2001:db8:6::/64");

    private static LxdWorld world(String restricted, String subnets, boolean running) {
        LxdWorld w = new LxdWorld(DaemonKind.LXD, "hlt");
        LxdWorld.Instance pd = w.instances.get("pd");
        pd.running = running;
        pd.nic.put("ipv4.routes.external", OUTSIDE + "," + INSIDE);
        pd.nic.put("ipv6.routes.external", OUTSIDE6.toString());
        LxdWorld.Instance d1 = w.instances.get("d1");
        d1.running = true;
        d1.nic.put("ipv4.routes.external", "203.0.113.128/28");
        if (restricted != null) {
            w.projectConfig.put("restricted", restricted);
        }
        if (subnets != null) {
            w.projectConfig.put("restricted.networks.subnets", subnets);
        }
        return w;
    }

    private static KnownDifference daemonOnly(LxdWorld w, IpPrefix p) {
        return KnownDifference.explaining(w, p, KnownDifference.Side.DAEMON_ONLY);
    }

    @Test
    void aRestrictedProjectsRouteOutsideItsSubnetsIsTheDaemonsOnly() {
        LxdWorld w = world("On", "hlta:198.51.100.0/25", true);
        assertEquals(KnownDifference.RESTRICTED_PROJECT_NIC_ROUTE, daemonOnly(w, OUTSIDE));
        assertEquals(KnownDifference.RESTRICTED_PROJECT_NIC_ROUTE, daemonOnly(w, OUTSIDE6), "no IPv6 subnet: all IPv6 refused");
        assertNull(daemonOnly(w, INSIDE), "inside the subnets: herald must announce it");
        assertNull(daemonOnly(w, IpPrefix.parse("203.0.113.128/28")), "an instance of the default project");
        assertNull(KnownDifference.explaining(w, OUTSIDE, KnownDifference.Side.HERALD_ONLY), "only the daemon announces it");
    }

    @Test
    void withoutSubnetsARestrictedProjectMayAnnounceNothing() {
        LxdWorld w = world("1", null, true);
        assertEquals(KnownDifference.RESTRICTED_PROJECT_NIC_ROUTE, daemonOnly(w, INSIDE));
    }

    @Test
    void aStoppedInstanceExplainsOnlyWhatWasSetWhileItWasStopped() {
        LxdWorld w = world(null, null, false);
        IpPrefix d2 = IpPrefix.parse("2001:db8:1:2::/64");
        assertNull(daemonOnly(w, d2), "nothing changed while stopped");
        LxdWorld.Instance i = w.instances.get("d2");
        i.nic.put("ipv6.routes.external", d2.toString());
        i.announcedWhileStopped.addAll(LxdWorld.nicRoutes(i));
        assertEquals(KnownDifference.STOPPED_INSTANCE_NIC_ROUTE, daemonOnly(w, d2));
        i.running = true;
        assertNull(daemonOnly(w, d2), "running: both must announce it");
    }

    @Test
    void aBridgeWithoutPeersIsHeraldsOnlyAgainstIncus() {
        for (DaemonKind kind : DaemonKind.values()) {
            LxdWorld w = new LxdWorld(kind, "hlt");
            w.networks.put("hltn0", new java.util.HashMap<>(java.util.Map.of("ipv4.address", "198.19.10.1/24", "ipv4.nat", "No",
                    "ipv6.address", "fd00:19:10::1/64", "ipv6.nat", "YES", "ipv6.nat.address", "2001:db8:ff::1")));
            KnownDifference expected = kind == DaemonKind.INCUS ? KnownDifference.INCUS_BRIDGE_WITHOUT_PEERS : null;
            for (String p : new String[] {"198.19.10.0/24", "2001:db8:ff::1/128"}) {
                assertEquals(expected, KnownDifference.explaining(w, IpPrefix.parse(p), KnownDifference.Side.HERALD_ONLY), kind + " " + p);
            }
            assertNull(KnownDifference.explaining(w, IpPrefix.parse("fd00:19:10::/64"), KnownDifference.Side.HERALD_ONLY),
                    "NATed: nobody announces the subnet");
        }
    }

    @Test
    void notRestrictedOrNotRunningExplainsNothing() {
        for (String no : new String[] {null, "false", "OFF", "0", "No"}) {
            assertNull(daemonOnly(world(no, "hlta:198.51.100.0/25", true), OUTSIDE), "restricted=" + no);
        }
        assertNull(daemonOnly(world("yes", "hlta:198.51.100.0/25", false), OUTSIDE), "a stopped instance announces nothing");
    }
}
