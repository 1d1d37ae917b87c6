package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.rib.SentRoutes.attr;
import static dev.herald.rib.SentRoutes.encode;
import static dev.herald.rib.SentRoutes.held;
import static dev.herald.rib.SentRoutes.wire;
import static dev.herald.rib.SlicedTables.drain;
import static dev.herald.rib.SlicedTables.peer;
import static dev.herald.rib.SlicedTables.prefixes;
import static dev.herald.rib.SlicedTables.rib;
import static dev.herald.rib.SlicedTables.synced;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Health-check gates as an overlay on every peer's export (ADR 0019): a Down gate withdraws or degrades
 * exactly the routes its selector matches, and its recovery sends the very UPDATEs of before.
 */
class HealthGateTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-07T10:05:00Z");
    /** 10.0.0.0/24 .. 10.0.255.0/24: the first 256 of the fixture's 1,000 prefixes. */
    private static final RouteMatch FIRST_256 = new RouteMatch(
            List.of(new PrefixRange(Prefix.parse("10.0.0.0/16"), 16, 24)), Set.of(), Set.of(), Map.of());
    private static final long COMMUNITY = 65010L << 16 | 666;
    private static final OnFailure DEGRADE = new OnFailure.Degrade(OptionalLong.of(500), 2, List.of(COMMUNITY));
    private static final OnFailure WITHDRAW = new OnFailure.Withdraw();

    private static HealthGates gates(HealthGates.Gate... g) {
        return new HealthGates(List.of(g));
    }

    private static HealthGates.Gate gate(String check, RouteMatch m, OnFailure f) {
        return HealthGates.Gate.normal(check, m, f, T0);
    }


    /** Prefixes announced ({@code true}) or withdrawn ({@code false}) by the UPDATEs from {@code from} on. */
    private static Map<Prefix, Boolean> touched(RecordingSink sink, int from) {
        Map<Prefix, Boolean> out = new HashMap<>();
        for (Update u : sink.updates.subList(from, sink.updates.size())) {
            u.withdrawn().forEach(p -> out.put(p, false));
            u.nlri().forEach(p -> out.put(p, true));
        }
        return out;
    }



    private static Set<Prefix> first256() {
        return new HashSet<>(prefixes().subList(0, 256));
    }

    @Test
    void aDegradingGateChangesExactlyItsRoutesAttributesAndRecoverySendsTheSameUpdatesAgain() {
        Rib rib = rib(prefixes());
        HealthGates healthy = gates(gate("web", FIRST_256, DEGRADE));
        rib.setHealthGates(healthy);
        RecordingSink e = synced(rib, peer("e"));
        Map<Prefix, List<PathAttribute>> before = held(e, 0);
        assertEquals(SlicedTables.N, before.size());

        int mark = e.updates.size();
        rib.setHealthGates(healthy.with("web", true, T1));
        drain(rib);
        Map<Prefix, Boolean> changed = touched(e, mark);
        assertEquals(first256(), changed.keySet(), "only the gate's routes are sent again");
        Map<Prefix, List<PathAttribute>> now = held(e, mark);
        for (Prefix p : first256()) {
            List<PathAttribute> was = before.get(p);
            List<PathAttribute> is = now.get(p);
            assertEquals(new PathAttribute.MultiExitDisc(500), attr(is, PathAttribute.MultiExitDisc.class));
            assertEquals(null, attr(was, PathAttribute.MultiExitDisc.class));
            assertEquals(PathAttribute.AsPath.sequence(65010, 65010, 65010), attr(is, PathAttribute.AsPath.class));
            assertArrayEquals(new long[] {COMMUNITY}, attr(is, PathAttribute.Communities.class).values().toArray());
            assertEquals(others(was), others(is), "nothing else changes");
        }

        int up = e.updates.size();
        rib.setHealthGates(healthy.with("web", false, T1.plusSeconds(60)));
        drain(rib);
        assertEquals(first256(), touched(e, up).keySet());
        Map<Prefix, List<PathAttribute>> again = held(e, up);
        for (Prefix p : first256()) {
            assertEquals(before.get(p), again.get(p), "recovered " + p);
        }
        // Byte for byte what the first table's UPDATEs would carry for these prefixes: its attributes, the same NLRI.
        List<byte[]> recovered = wire(e, up);
        assertFalse(recovered.isEmpty());
        for (Update u : e.updates.subList(up, e.updates.size())) {
            assertTrue(u.withdrawn().isEmpty(), "nothing withdrawn on recovery");
            Update asFirst = new Update(List.of(), before.get(u.nlri().getFirst()), u.nlri());
            assertArrayEquals(encode(asFirst), encode(u));
        }
    }


    /** What a degrade must leave alone: all but MED, COMMUNITIES and AS_PATH. */
    private static List<PathAttribute> others(List<PathAttribute> attrs) {
        return attrs.stream().filter(a -> !(a instanceof PathAttribute.Communities || a instanceof PathAttribute.AsPath
                || a instanceof PathAttribute.MultiExitDisc)).toList();
    }

    @Test
    void aWithdrawingGateWithdrawsItsRoutesAndExplainNamesTheCheckAndSinceWhen() {
        Rib rib = rib(prefixes());
        HealthGates healthy = gates(gate("web", FIRST_256, WITHDRAW));
        rib.setHealthGates(healthy);
        RecordingSink e = synced(rib, peer("e"));
        Map<Prefix, List<PathAttribute>> before = held(e, 0);

        int mark = e.updates.size();
        rib.setHealthGates(healthy.with("web", true, T1));
        drain(rib);
        Map<Prefix, Boolean> changed = touched(e, mark);
        assertEquals(first256(), changed.keySet());
        assertFalse(changed.containsValue(true), "withdrawn, nothing announced");
        assertEquals(SlicedTables.N - 256, rib.adjRibOut("e", IPV4_UNICAST).size());

        RouteExplanation.PeerVerdict v = rib.explain(Prefix.parse("10.0.7.0/24")).peers().getFirst();
        assertEquals(Verdict.HEALTH_CHECK, v.verdict());
        assertEquals("held back by health check web, down since " + T1, v.reason());
        assertEquals(Verdict.SENT, rib.explain(Prefix.parse("10.1.7.0/24")).peers().getFirst().verdict());

        int up = e.updates.size();
        rib.setHealthGates(healthy.with("web", false, T1.plusSeconds(60)));
        drain(rib);
        Map<Prefix, List<PathAttribute>> again = held(e, up);
        assertEquals(first256(), again.keySet());
        for (Prefix p : first256()) {
            assertEquals(before.get(p), again.get(p));
        }
    }

    @Test
    void aGateThatGoesDownDuringASlicedInitialTableEndsRightForEveryPeer() {
        Rib rib = rib(prefixes());
        HealthGates healthy = gates(gate("web", FIRST_256, WITHDRAW),
                gate("db", new RouteMatch(List.of(new PrefixRange(Prefix.parse("10.1.0.0/16"), 16, 24)), Set.of(),
                        Set.of(), Map.of()), DEGRADE));
        rib.setHealthGates(healthy);
        RecordingSink a = synced(rib, peer("a"));
        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush(); // b's first slice is out (the gate's routes among them), nine to go
        assertTrue(rib.syncing());
        int aMark = a.updates.size();

        rib.setHealthGates(healthy.with("web", true, T1).with("db", true, T1));
        drain(rib);

        Set<Prefix> expected = new HashSet<>(prefixes());
        expected.removeAll(first256());
        Set<Prefix> degraded = new HashSet<>(prefixes().subList(256, 512));
        for (RecordingSink s : List.of(a, b)) {
            Map<Prefix, List<PathAttribute>> last = held(s, 0);
            assertEquals(expected, last.keySet(), "every prefix but the withdrawn ones");
            for (Map.Entry<Prefix, List<PathAttribute>> en : last.entrySet()) {
                PathAttribute.MultiExitDisc med = attr(en.getValue(), PathAttribute.MultiExitDisc.class);
                assertEquals(degraded.contains(en.getKey()) ? new PathAttribute.MultiExitDisc(500) : null, med,
                        "MED of " + en.getKey());
            }
        }
        assertEquals(512, touched(a, aMark).size(), "the peer in sync is sent only the gates' routes");
        assertFalse(rib.syncing());
    }

    @Test
    void withdrawBeatsDegradeAndTwoDegradesCompose() {
        Rib rib = rib(prefixes());
        RouteMatch one = new RouteMatch(List.of(PrefixRange.exact(Prefix.parse("10.0.1.0/24"))), Set.of(), Set.of(),
                Map.of());
        OnFailure other = new OnFailure.Degrade(OptionalLong.of(200), 63, List.of(COMMUNITY, 65010L << 16 | 7));
        HealthGates healthy = gates(gate("web", FIRST_256, DEGRADE), gate("db", one, other),
                gate("disk", one, WITHDRAW));
        rib.setHealthGates(healthy);
        synced(rib, peer("e"));

        rib.setHealthGates(healthy.with("web", true, T0).with("db", true, T0));
        drain(rib);
        List<PathAttribute> both = rib.explain(Prefix.parse("10.0.1.0/24")).peers().getFirst().advertisement()
                .orElseThrow().attributes();
        assertEquals(new PathAttribute.MultiExitDisc(500), attr(both, PathAttribute.MultiExitDisc.class), "the higher MED");
        assertEquals(65, attr(both, PathAttribute.AsPath.class).segments().getFirst().asns().length(),
                "prepends added, capped at 64 extra");
        assertArrayEquals(new long[] {65010L << 16 | 7, COMMUNITY}, attr(both, PathAttribute.Communities.class).values().toArray(),
                "each community once");

        rib.setHealthGates(rib.healthGates().with("disk", true, T1));
        drain(rib);
        RouteExplanation.PeerVerdict v = rib.explain(Prefix.parse("10.0.1.0/24")).peers().getFirst();
        assertEquals(Verdict.HEALTH_CHECK, v.verdict());
        assertTrue(v.reason().contains("disk"), v.reason());
    }

    @Test
    void degradeAndDrainComposeWithoutDoublingACommunity() {
        OnFailure gshut = new OnFailure.Degrade(OptionalLong.of(900), 1, List.of(Drain.GRACEFUL_SHUTDOWN));
        ExportPolicy policy = ExportPolicy.DEFAULT.withDrain(new Drain(2))
                .withHealth(gates(new HealthGates.Gate("web", RouteMatch.ANY, gshut, HealthGates.Announcement.DEGRADED,
                        T0)));
        Exporter ex = new Exporter(ExportContext.of(peer("e"), policy));
        Decision d = ex.decide(Prefix.parse("10.0.0.0/24"), RouteFacts.of("static"));
        List<PathAttribute> attrs = assertInstanceOf(Decision.Send.class, d).advertisement().attributes();
        assertArrayEquals(new long[] {Drain.GRACEFUL_SHUTDOWN}, attr(attrs, PathAttribute.Communities.class).values().toArray());
        assertEquals(new PathAttribute.MultiExitDisc(900), attr(attrs, PathAttribute.MultiExitDisc.class));
        assertEquals(4, attr(attrs, PathAttribute.AsPath.class).segments().getFirst().asns().length(),
                "herald's AS, the drain's 2 and the degrade's 1");
    }

    @Test
    void theDecisionCacheKeepsRoutesOfTheSameFactsApartByGate() {
        ExportPolicy policy = ExportPolicy.DEFAULT.withHealth(gates(new HealthGates.Gate("web", FIRST_256, DEGRADE,
                HealthGates.Announcement.DEGRADED, T0)));
        Exporter ex = new Exporter(ExportContext.of(peer("e"), policy));
        RouteFacts facts = RouteFacts.of("static");
        Decision plainFirst = ex.decide(Prefix.parse("10.1.0.0/24"), facts);
        Decision gated = ex.decide(Prefix.parse("10.0.0.0/24"), facts);
        Decision plain = ex.decide(Prefix.parse("10.1.1.0/24"), facts);
        assertNotEquals(plainFirst, gated, "the same facts, held by the gate: not the cached decision");
        assertEquals(plainFirst, plain);
        assertEquals(gated, ex.decide(Prefix.parse("10.0.9.0/24"), facts));
    }

    @Test
    void aTransitionThatKeepsTheAnnouncementKeepsTheValue() {
        HealthGates healthy = gates(gate("web", FIRST_256, WITHDRAW), gate("db", FIRST_256, DEGRADE));
        assertEquals(healthy, healthy.with("web", false, T1), "Starting to Up under start-up up: nothing to re-decide");
        HealthGates down = healthy.with("web", true, T1);
        assertEquals(HealthGates.Announcement.WITHDRAWN, down.gates().get(0).announcement());
        assertEquals(T1, down.gates().get(0).since());
        assertEquals(healthy.gates().get(1), down.gates().get(1), "another check's gate is left alone");
        assertEquals(down, down.with("web", true, T1.plusSeconds(9)), "still Down since T1");
    }

    @Test
    void anAnnouncementMustFitTheGatesOnFailure() {
        assertThrows(IllegalArgumentException.class, () -> new HealthGates.Gate("web", RouteMatch.ANY, WITHDRAW,
                HealthGates.Announcement.DEGRADED, T0));
        assertThrows(IllegalArgumentException.class, () -> new HealthGates.Gate("web", RouteMatch.ANY, DEGRADE,
                HealthGates.Announcement.WITHDRAWN, T0));
    }
}
