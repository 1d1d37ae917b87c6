package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplainTest {
    private static final Prefix V4 = Prefix.parse("203.0.113.0/24");
    private static final Prefix V4_DENIED = Prefix.parse("198.51.100.0/24");
    private static final Prefix V6 = Prefix.parse("2001:db8:1::/48");

    private static PeerSessionInfo session(String name, String local, Set<dev.herald.codec.Family> fams) {
        return new PeerSessionInfo(name, 65010, 65001, fams, Set.of(), Sessions.addr(local), Optional.empty(),
                Optional.empty(), 4096);
    }

    private static RouteExplanation.PeerVerdict verdict(RouteExplanation e, String peer) {
        return e.peers().stream().filter(v -> v.peer().equals(peer)).findFirst().orElseThrow();
    }

    @Test
    void everyReasonIsNamed() {
        Rib rib = new Rib();
        ExportRule denyRule = new ExportRule("rule 1", new RouteMatch(List.of(PrefixRange.exact(V4_DENIED)), Set.of(),
                Set.of(), Map.of()), true, ExportActions.INHERIT);
        rib.setPolicy("filtered", new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(denyRule), 0));
        rib.setPolicy("down", ExportPolicy.DEFAULT);
        rib.setPolicy("v4only", ExportPolicy.DEFAULT);
        rib.setPolicy("v4session", ExportPolicy.DEFAULT);
        RouteFacts lxd = RouteFacts.of("lxd").withOrigin("lxd subnet project=default network=br0")
                .withTags(Map.of("project", "default"));
        rib.replaceSource("lxd", List.of(new Route(V4, lxd), new Route(V4_DENIED, lxd), new Route(V6, lxd)));
        rib.replaceSource("kernel", List.of(new Route(V4, RouteFacts.of("kernel").withPriority(100))));
        rib.peerUp(session("filtered", "198.18.0.2", Set.of(IPV4_UNICAST, IPV6_UNICAST)), new RecordingSink());
        rib.peerUp(session("v4only", "198.18.0.2", Set.of(IPV4_UNICAST)), new RecordingSink());
        rib.peerUp(session("v4session", "198.18.1.2", Set.of(IPV4_UNICAST, IPV6_UNICAST)), new RecordingSink());

        RouteExplanation e = rib.explain(V4);
        assertEquals(lxd, e.winner().orElseThrow());
        assertEquals("kernel", e.losers().getFirst().source());
        RouteExplanation.PeerVerdict sent = verdict(e, "filtered");
        assertEquals(Verdict.SENT, sent.verdict());
        assertEquals("198.18.0.2", sent.advertisement().orElseThrow().nextHopText());
        assertEquals(Verdict.SESSION_DOWN, verdict(e, "down").verdict());
        assertEquals(-1, verdict(e, "down").updateGroup());

        RouteExplanation d = rib.explain(V4_DENIED);
        assertEquals(Verdict.FILTERED, verdict(d, "filtered").verdict());
        assertEquals("denied by rule 1", verdict(d, "filtered").reason());
        assertEquals(Verdict.SENT, verdict(d, "v4only").verdict());

        RouteExplanation six = rib.explain(V6);
        assertEquals(Verdict.FAMILY_NOT_NEGOTIATED, verdict(six, "v4only").verdict());
        assertEquals(Verdict.NO_NEXT_HOP, verdict(six, "v4session").verdict());
        assertTrue(verdict(six, "v4session").reason().contains("no next-hop.ipv6"), verdict(six, "v4session").reason());

        RouteExplanation none = rib.explain(Prefix.parse("192.0.2.0/24"));
        assertTrue(none.winner().isEmpty());
        assertEquals(Verdict.NOT_OFFERED, verdict(none, "filtered").verdict());
    }

    @Test
    void adjRibOutListsWhatThePeerHolds() {
        Rib rib = new Rib();
        rib.setPolicy("p1", new ExportPolicy(Set.of(), List.of(), List.of(),
                new ExportActions(null, null, List.of((65010L << 16) | 7), List.of(), List.of(),
                        new MedChoice.Fixed(5), OptionalLong.empty(), -1), List.of(), 0));
        rib.replaceSource("static", List.of(new Route(V4_DENIED, "static"), new Route(V4, "static"), new Route(V6, "static")));
        rib.peerUp(Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST, IPV6_UNICAST), new RecordingSink());
        List<AdjRibOutEntry> all = rib.adjRibOut("p1", null);
        assertEquals(List.of(V4_DENIED, V4, V6), all.stream().map(AdjRibOutEntry::prefix).toList());
        assertEquals("198.51.100.0/24 next-hop 198.18.0.2 origin igp as-path 65010 med 5 communities 65010:7 (static)",
                all.getFirst().toString());
        assertEquals("fd00:18::2", all.get(2).advertisement().nextHopText());
        assertEquals(List.of(V6), rib.adjRibOut("p1", IPV6_UNICAST).stream().map(AdjRibOutEntry::prefix).toList());
        assertEquals(List.of(), rib.adjRibOut("nobody", null));
    }
}
