package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RibTest {
    private static final Prefix V4A = Prefix.parse("203.0.113.0/24");
    private static final Prefix V4B = Prefix.parse("198.51.100.0/24");
    private static final Prefix V6A = Prefix.parse("2001:db8:100::/48");

    /** A RIB whose "static" source offers {@code ps}. */
    private static Rib offering(Prefix... ps) {
        Rib rib = new Rib();
        rib.replaceSource("static", routes("static", ps));
        return rib;
    }

    private static List<Route> routes(String source, Prefix... ps) {
        return java.util.Arrays.stream(ps).map(p -> new Route(p, source)).toList();
    }

    @Test
    void initialTableThenEndOfRibPerFamily() {
        Rib rib = offering(V4A, V4B, V6A);
        RecordingSink sink = RecordingSink.peerUp(rib,
                Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST, IPV6_UNICAST));
        assertEquals(Set.of(V4A, V4B, V6A), sink.table());
        assertEquals(List.of(IPV4_UNICAST, IPV6_UNICAST), sink.endOfRibs());
        // End-of-RIB comes after every route of the initial table.
        Update last = sink.updates.getLast();
        assertTrue(last.endOfRibFamily().isPresent());
        assertTrue(sink.updates.get(sink.updates.size() - 2).endOfRibFamily().isPresent());
    }

    @Test
    void ebgpAttributesAndPerFamilyNextHops() {
        Rib rib = offering(V4A, V6A);
        RecordingSink sink = RecordingSink.peerUp(rib,
                Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST, IPV6_UNICAST));
        Update v4 = sink.updates.stream().filter(u -> u.nlri().contains(V4A)).findFirst().orElseThrow();
        assertEquals(PathAttribute.Origin.IGP, v4.attribute(PathAttribute.Origin.class).orElseThrow());
        assertEquals(PathAttribute.AsPath.sequence(65010), v4.attribute(PathAttribute.AsPath.class).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 198, 18, 0, 2}, v4.attribute(PathAttribute.NextHop.class).orElseThrow().address().toArray());
        assertTrue(v4.attribute(PathAttribute.LocalPref.class).isEmpty(), "no LOCAL_PREF toward eBGP");
        Update v6 = sink.updates.stream().filter(u -> u.attribute(PathAttribute.MpReachNlri.class).isPresent())
                .findFirst().orElseThrow();
        PathAttribute.MpReachNlri mp = v6.attribute(PathAttribute.MpReachNlri.class).orElseThrow();
        assertEquals(IPV6_UNICAST, mp.family());
        assertEquals(List.of(V6A), mp.nlri());
        assertArrayEquals(Sessions.addr("fd00:18::2").getAddress(), mp.nextHop().toArray());
        assertTrue(v6.attribute(PathAttribute.NextHop.class).isEmpty(), "MP-only UPDATE carries no NEXT_HOP");
    }

    @Test
    void ibgpGetsEmptyAsPathAndLocalPref() {
        Rib rib = offering(V4A);
        RecordingSink sink = new RecordingSink();
        PeerSessionInfo ibgp = new PeerSessionInfo("i", 65010, 65010, Set.of(IPV4_UNICAST), Set.of(),
                Sessions.addr("198.18.0.2"), Optional.empty(), Optional.empty(), 4096);
        rib.peerUp(ibgp, sink);
        Update u = sink.updates.getFirst();
        assertEquals(PathAttribute.AsPath.EMPTY, u.attribute(PathAttribute.AsPath.class).orElseThrow());
        assertEquals(100, u.attribute(PathAttribute.LocalPref.class).orElseThrow().value());
    }

    @Test
    void familyWithoutNextHopIsHeldBackButStillGetsEndOfRib() {
        Rib rib = offering(V4A, V6A);
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST, IPV6_UNICAST));
        assertEquals(Set.of(V4A), sink.table());
        assertEquals(List.of(IPV4_UNICAST, IPV6_UNICAST), sink.endOfRibs());
        PeerStatus st = rib.status().getFirst();
        assertInstanceOf(NextHop.Missing.class, st.nextHops().get(IPV6_UNICAST));
        assertEquals(0, st.advertised().get(IPV6_UNICAST));
        assertEquals(1, st.advertised().get(IPV4_UNICAST));
        // Later IPv6 changes are not sent either.
        rib.change("static", List.of(Prefix.parse("2001:db8:200::/48")), List.of());
        assertEquals(Set.of(V4A), sink.table());
    }

    @Test
    void onlyNegotiatedFamiliesAreSent() {
        Rib rib = offering(V4A, V6A);
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST));
        assertEquals(Set.of(V4A), sink.table());
        assertEquals(List.of(IPV4_UNICAST), sink.endOfRibs());
    }

    @Test
    void removalWithdrawsAndAdditionAnnounces() {
        Rib rib = offering(V4A, V6A);
        RecordingSink sink = RecordingSink.peerUp(rib,
                Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV4_UNICAST, IPV6_UNICAST));
        int before = sink.updates.size();
        rib.replaceSource("static", routes("static", V4B));
        assertEquals(Set.of(V4B), sink.table());
        List<Update> delta = sink.updates.subList(before, sink.updates.size());
        assertTrue(delta.stream().anyMatch(u -> u.withdrawn().contains(V4A)));
        assertTrue(delta.stream().anyMatch(u -> u.attribute(PathAttribute.MpUnreachNlri.class)
                .map(w -> w.withdrawn().contains(V6A)).orElse(false)));
        // No End-of-RIB outside the initial table.
        assertEquals(2, sink.endOfRibs().size());
    }

    @Test
    void prefixOfferedByTwoSourcesStaysUntilBothWithdraw() {
        Rib rib = new Rib();
        rib.change("a", List.of(V4A), List.of());
        rib.change("b", List.of(V4A), List.of());
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        rib.change("a", List.of(), List.of(V4A));
        assertEquals(Set.of(V4A), sink.table());
        rib.change("b", List.of(), List.of(V4A));
        assertEquals(Set.of(), sink.table());
        assertEquals(0, rib.size());
    }

    @Test
    void repeatedAnnouncementsAreNotResent() {
        Rib rib = new Rib();
        RecordingSink sink = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        int before = sink.updates.size();
        rib.replaceSource("static", routes("static", V4A));
        rib.replaceSource("static", routes("static", V4A));
        assertEquals(before + 1, sink.updates.size());
    }

    @Test
    void peerDownForgetsItsAdjRibOut() {
        Rib rib = offering(V4A);
        RecordingSink first = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        rib.peerDown("p1");
        assertTrue(rib.status().isEmpty());
        RecordingSink second = RecordingSink.peerUp(rib, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        assertEquals(Set.of(V4A), second.table());
    }
}
