package dev.herald.sources.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import dev.herald.sources.ovn.ovsdb.DbState;
import dev.herald.sources.ovn.ovsdb.OvsdbRemote;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the OVN source hands the RIB: facts per route, and only differences after the first view. */
class OvnSourceTest {
    private static final class Recorder implements RouteSink {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Route> last;

        @Override
        public void replaceAll(String source, Collection<Route> routes) {
            calls.add("replaceAll " + routes.size());
            last = List.copyOf(routes);
        }

        @Override
        public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
            calls.add("change +" + added.size() + " -" + removed.size());
        }

        @Override
        public void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
            calls.add("update +" + upserted.size() + " -" + removed.size());
        }
    }

    private static OvnSource source(OvnSettings s) {
        return new OvnSource(new OvnSource.Connection(List.of(OvsdbRemote.parse("unix:/nonexistent", 6642)), null,
                OvsdbRemote.parse("unix:/nonexistent", 6640), 0), s, 0, dev.herald.sources.TestLoops.SHARED);
    }

    @Test
    void factsCarryNextHopPriorityMedAndTags() {
        OvnSettings s = new OvnSettings("gw1", false, OvnSettings.TrackedPort.PREFER_LOCAL, 100, 1000,
                OvnSettings.NextHopMode.ROUTER_PORT, OvnSettings.NextHopMode.ROUTER_PORT, null);
        var a = OvnAnnouncer.compute(Fixtures.state("sb-gw1.json"), "gw1", s);
        Route r = OvnSource.ribRoutes(a).get(Prefix.parse("2001:db8:ff::/64"));
        assertEquals(Optional.of(InetAddress.ofLiteral("2001:db8:ff::1")), r.facts().nextHopIpv6());
        assertEquals(1000, r.facts().priority());
        assertEquals(OptionalLong.of(1000), r.facts().med());
        assertEquals(Map.of("router", "lr-gw", "logical-port", "lrp-ext", "vrf", "blue", "vrf-id", "1"), r.facts().tags());
        assertEquals("ovn router=lr-gw port=lrp-ext", r.facts().origin());
    }

    @Test
    void aFullResyncOfTheSameDatabaseSendsNothingAndADifferentOneOnlyTheDifference() {
        OvnSource src = source(OvnSettings.defaults("gw1"));
        Recorder sink = new Recorder();
        src.attach(sink);
        DbState copy = Fixtures.state("sb-gw1.json");
        src.onChange(copy, DbState.Changes.NONE, true);
        assertEquals(List.of("replaceAll 9"), sink.calls);
        // routes of one port share one facts object (100,000 routes do not hold 100,000 tag maps)
        List<Route> ext = sink.last.stream().filter(r -> r.facts().origin().equals("ovn router=lr-gw port=lrp-ext")).toList();
        assertTrue(ext.size() == 5 && ext.stream().allMatch(r -> r.facts() == ext.get(0).facts()), ext.toString());
        // the SB lost our transaction id and sent everything again: same rows, nothing to tell the RIB
        copy.replaceWith(Fixtures.state("sb-gw1.json"));
        src.onChange(copy, DbState.Changes.NONE, true);
        assertEquals(List.of("replaceAll 9"), sink.calls);
        // a fresh database without one NAT row: exactly one withdrawal, no re-announcement
        DbState fresh = Fixtures.state("sb-gw1.json");
        String nat = fresh.rows("Advertised_Route").entrySet().stream()
                .filter(e -> "198.51.100.51".equals(e.getValue().get("ip_prefix").asString())).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
        // both rows of that prefix (one per router port) go
        for (String uuid : fresh.rows("Advertised_Route").entrySet().stream()
                .filter(e -> "198.51.100.51".equals(e.getValue().get("ip_prefix").asString())).map(Map.Entry::getKey).toList()) {
            fresh.applyUpdate2(Fixtures.JSON.readTree("{\"Advertised_Route\":{\"" + uuid + "\":{\"delete\":null}}}"));
        }
        assertTrue(nat != null);
        DbState.Changes c = copy.replaceWith(fresh);
        assertEquals(new DbState.Changes(0, 0, 2), c);
        src.onChange(copy, c, true);
        assertEquals(List.of("replaceAll 9", "update +0 -1"), sink.calls);
    }

    private static OvnSettings keep(Duration d) {
        return new OvnSettings("gw1", false, OvnSettings.TrackedPort.PREFER_LOCAL, 100, 1000, OvnSettings.NextHopMode.SELF,
                OvnSettings.NextHopMode.SELF, d);
    }

    @Test
    void southboundAwayKeepsTheSetForEverByDefault() throws Exception {
        try (OvnSource src = source(keep(null))) {
            Recorder sink = new Recorder();
            src.attach(sink);
            assertTrue(src.status().contains("not connected yet"), src.status());
            src.onConnection(true, "tcp:192.0.2.11:6642 (monitor_cond_since)");
            src.onChange(Fixtures.state("sb-gw1.json"), DbState.Changes.NONE, true);
            src.onConnection(false, "tcp:192.0.2.11:6642: connection refused");
            assertFalse(src.connected());
            String status = src.status();
            assertTrue(status.contains("unreachable since") && status.contains("connection refused")
                    && status.contains("keeping the last known set until it is back"), status);
            Thread.sleep(300);
            assertEquals(List.of("replaceAll 9"), sink.calls);
            assertEquals(0, src.counters().expiries.get());
        }
    }

    @Test
    void southboundAwayLongerThanKeepWhenUnreachableWithdrawsUntilItIsBack() throws Exception {
        try (OvnSource src = source(keep(Duration.ofMillis(200)))) {
            DbState copy = Fixtures.state("sb-gw1.json");
            Recorder sink = sawThenLostSb1(src, copy);
            assertTrue(src.status().contains("keeping the last known set for PT0.2S"), src.status());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sink.calls.contains("replaceAll 0") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("replaceAll 9", "replaceAll 0"), sink.calls);
            assertEquals(1, src.counters().expiries.get());
            assertTrue(src.status().contains("the last known set was withdrawn after PT0.2S"), src.status());
            // back: its view is announced again, in full
            src.onConnection(true, "sb2");
            src.onChange(copy, DbState.Changes.NONE, false);
            assertEquals(List.of("replaceAll 9", "replaceAll 0", "update +9 -0"), sink.calls);
            assertTrue(src.status().contains("connected: sb2"), src.status());
        }
    }

    @Test
    void southboundBackWithinKeepWhenUnreachableWithdrawsNothing() throws Exception {
        try (OvnSource src = source(keep(Duration.ofMillis(500)))) {
            Recorder sink = sawThenLostSb1(src, Fixtures.state("sb-gw1.json"));
            src.onConnection(true, "sb2");
            Thread.sleep(1_000);
            assertEquals(List.of("replaceAll 9"), sink.calls);
            assertEquals(0, src.counters().expiries.get());
        }
    }

    /** Attaches a recorder, connects to "sb1", takes {@code state} as the first view, then loses "sb1". */
    private static Recorder sawThenLostSb1(OvnSource src, DbState state) {
        Recorder sink = new Recorder();
        src.attach(sink);
        src.onConnection(true, "sb1");
        src.onChange(state, DbState.Changes.NONE, true);
        src.onConnection(false, "sb1: connection refused");
        return sink;
    }
}
