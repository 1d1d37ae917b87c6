package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrecedenceTest {
    private static final Prefix P = Prefix.parse("203.0.113.0/24");
    private static final RouteFacts STATIC = RouteFacts.of("static");
    private static final RouteFacts KERNEL_100 = RouteFacts.of("kernel").withPriority(100).withMed(100)
            .withNextHop(Sessions.addr("192.0.2.100"));
    private static final RouteFacts KERNEL_1000 = RouteFacts.of("kernel").withPriority(1000).withOrigin("kernel t2")
            .withNextHop(Sessions.addr("192.0.2.101"));

    private static byte[] nextHopOf(Update u) {
        return u.attribute(PathAttribute.NextHop.class).orElseThrow().address().toArray();
    }

    @Test
    void configuredOrderThenPriorityThenNameDecide() {
        SourcePrecedence sp = new SourcePrecedence(List.of("lxd", "kernel"));
        assertTrue(sp.compare(RouteFacts.of("lxd").withPriority(9), RouteFacts.of("kernel")) < 0, "order before priority");
        assertTrue(sp.compare(KERNEL_100, KERNEL_1000) < 0, "lower priority wins within a rank");
        assertTrue(sp.compare(RouteFacts.of("kernel"), RouteFacts.of("static")) < 0, "listed before unlisted");
        assertTrue(sp.compare(RouteFacts.of("a"), RouteFacts.of("b")) < 0, "unlisted by name");
        assertEquals(0, sp.compare(STATIC, RouteFacts.of("static")));
    }

    @Test
    void winnerFactsAreSentAndTheLoserTakesOverWhenTheWinnerGoes() {
        Rib rib = new Rib(new SourcePrecedence(List.of("static", "kernel")));
        rib.replaceSource("kernel", List.of(new Route(P, KERNEL_100)));
        rib.replaceSource("static", List.of(new Route(P, STATIC)));
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        Update first = sink.updates.getFirst();
        assertArrayEquals(new byte[] {(byte) 198, 18, 0, 2}, nextHopOf(first), "static has no hint: herald's own");
        assertTrue(first.attribute(PathAttribute.MultiExitDisc.class).isEmpty());
        RouteExplanation e = rib.explain(P);
        assertEquals(STATIC, e.winner().orElseThrow());
        assertEquals(List.of(KERNEL_100), e.losers());

        int before = sink.updates.size();
        rib.replaceSource("static", List.of());
        List<Update> delta = sink.updates.subList(before, sink.updates.size());
        assertEquals(1, delta.size(), "one implicit replace, no withdraw: " + delta);
        assertEquals(List.of(P), delta.getFirst().nlri());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 100}, nextHopOf(delta.getFirst()), "the kernel's hint now");
        assertEquals(100, delta.getFirst().attribute(PathAttribute.MultiExitDisc.class).orElseThrow().value());
        assertEquals(Set.of(P), sink.table());
    }

    @Test
    void lowerPriorityOfTheSameSourceRankWins() {
        Rib rib = new Rib(new SourcePrecedence(List.of("kernel", "kernel2")));
        rib.replaceSource("kernel", List.of(new Route(P, KERNEL_1000)));
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 101}, nextHopOf(sink.updates.getFirst()));
        // The same source changes the facts of its route: one re-announcement with the new ones.
        rib.update("kernel", List.of(new Route(P, KERNEL_100)), List.of());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 100}, nextHopOf(sink.updates.get(sink.updates.size() - 1)));
        // Two sources of one rank? Not possible by name; priority decides between equal ranks of unlisted ones.
        Rib r2 = new Rib(new SourcePrecedence(List.of()));
        r2.replaceSource("x", List.of(new Route(P, RouteFacts.of("x").withPriority(5))));
        r2.replaceSource("y", List.of(new Route(P, RouteFacts.of("y").withPriority(1))));
        assertEquals("y", r2.explain(P).winner().orElseThrow().source());
    }

    @Test
    void loserChangesAreSilentAndWithdrawOnlyWhenTheLastCandidateGoes() {
        Rib rib = new Rib();
        rib.replaceSource("static", List.of(new Route(P, STATIC)));
        rib.replaceSource("kernel", List.of(new Route(P, KERNEL_100)));
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        int before = sink.updates.size();
        rib.update("kernel", List.of(new Route(P, KERNEL_1000)), List.of());
        rib.replaceSource("kernel", List.of());
        assertEquals(before, sink.updates.size(), "the loser's changes send nothing");
        rib.change("static", List.of(), List.of(P));
        assertEquals(Set.of(), sink.table());
        assertEquals(0, rib.size());
    }

    @Test
    void factsAreInternedAcrossPrefixes() {
        Rib rib = new Rib();
        List<Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            routes.add(new Route(Prefix.parse("10.0." + i + ".0/24"), RouteFacts.of("static").withOrigin("file")));
        }
        rib.replaceSource("static", routes);
        RouteFacts a = rib.explain(Prefix.parse("10.0.1.0/24")).winner().orElseThrow();
        RouteFacts b = rib.explain(Prefix.parse("10.0.99.0/24")).winner().orElseThrow();
        assertTrue(a == b, "one facts object for all prefixes that share them");
    }

    @Test
    void prefixesPerSourceAreCountedAsTheyChange() {
        Rib rib = new Rib();
        Prefix q = Prefix.parse("198.51.100.0/24");
        rib.replaceSource("static", List.of(new Route(P, STATIC), new Route(q, STATIC)));
        rib.replaceSource("kernel", List.of(new Route(P, KERNEL_100)));
        assertEquals(java.util.Map.of("kernel", 1, "static", 2), rib.prefixesBySource());
        rib.update("kernel", List.of(new Route(P, KERNEL_1000)), List.of()); // new facts, same count
        rib.change("static", List.of(), List.of(P));
        assertEquals(java.util.Map.of("kernel", 1, "static", 1), rib.prefixesBySource());
        rib.replaceSource("kernel", List.of());
        rib.replaceSource("static", List.of(new Route(q, STATIC)));
        assertEquals(java.util.Map.of("static", 1), rib.prefixesBySource());
    }
}
