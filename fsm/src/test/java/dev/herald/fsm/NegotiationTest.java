package dev.herald.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {
    private final Open local = LocalOpen.build(Fixtures.config());

    @Test
    void fullPeerGetsEverything() {
        Negotiated n = Negotiation.of(local, Fixtures.peerOpen());
        assertEquals(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), n.families());
        assertTrue(n.fourOctetAs());
        assertEquals(Set.of(Family.IPV4_UNICAST), n.extendedNextHop());
        assertTrue(n.peerRouteRefresh());
        assertEquals(90, n.holdTime());
        assertEquals(Duration.ofSeconds(30), n.keepaliveTime());
        assertEquals(new CodecContext(true, CodecContext.MAX_MESSAGE, true, CodecContext.MAX_EXTENDED_MESSAGE), n.codecContext(),
                "65001 and 65002: external; herald offered extended messages, the peer did not");
        assertEquals("10.0.0.2", n.peerIdentifier());
    }

    @Test
    void peerWithoutMultiprotocolSpeaksIpv4UnicastOnly() {
        Negotiated n = Negotiation.of(local, Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of()));
        assertEquals(Set.of(Family.IPV4_UNICAST), n.families());
        assertFalse(n.fourOctetAs());
        assertEquals(new CodecContext(false, CodecContext.MAX_MESSAGE, true, CodecContext.MAX_EXTENDED_MESSAGE), n.codecContext());
        assertEquals(Set.of(), n.extendedNextHop());
        assertFalse(n.peerRouteRefresh());
    }

    @Test
    void extendedMessageIsOfferedUnlessConfiguredOff() {
        assertTrue(local.capability(Capability.ExtendedMessage.class).isPresent(), "offered by default");
        Open off = LocalOpen.build(Fixtures.config().withExtendedMessage(false));
        assertTrue(off.capability(Capability.ExtendedMessage.class).isEmpty());
        assertEquals(local.capabilities().size() - 1, off.capabilities().size(), "only capability 6 is left out");
        assertTrue(Fixtures.config().withExtendedMessage(false).toString().contains("no-extended-message"));
    }

    /**
     * RFC 8654 4: herald sends 65535-byte messages only when both OPENs carry capability 6, and
     * takes them whenever its own OPEN did ("MUST be capable of receiving"); RFC 8654 5: never
     * when it did not offer them.
     */
    @ParameterizedTest(name = "herald offers {0}, peer offers {1}: sends {2}, takes {3}")
    @CsvSource({"true, true, 65535, 65535", "true, false, 4096, 65535", "false, true, 4096, 4096",
            "false, false, 4096, 4096"})
    void extendedMessageNegotiation(boolean ours, boolean theirs, int max, int receive) {
        List<Capability> peerCaps = new java.util.ArrayList<>(List.of(new Capability.FourOctetAs(65002)));
        if (theirs) {
            peerCaps.add(new Capability.ExtendedMessage());
        }
        Open peer = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", peerCaps);
        Open mine = LocalOpen.build(Fixtures.config().withExtendedMessage(ours));
        assertEquals(new CodecContext(true, max, true, receive), Negotiation.of(mine, peer).codecContext());
    }

    @Test
    void aPeerOfTheSameAsIsInternal() {
        Open peer = Fixtures.peerOpenWith(65001, 90, "10.0.0.2", List.of(new Capability.FourOctetAs(65001)));
        assertEquals(new CodecContext(true, CodecContext.MAX_MESSAGE, false, CodecContext.MAX_EXTENDED_MESSAGE),
                Negotiation.of(local, peer).codecContext());
    }

    @Test
    void familiesAreTheIntersection() {
        Open v6only = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of(
                new Capability.Multiprotocol(Family.IPV6_UNICAST), new Capability.Multiprotocol(1, 128)));
        assertEquals(Set.of(Family.IPV6_UNICAST), Negotiation.of(local, v6only).families());
        Open ours = LocalOpen.build(SessionConfig.builder().peerName("p").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("10.0.0.1")).holdTime(90).families(Set.of(Family.IPV4_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5)).build());
        assertEquals(Set.of(), Negotiation.of(ours, v6only).families());
    }

    @Test
    void extendedNextHopNeedsBothSidesAndANegotiatedFamily() {
        Open noEnh = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(65002)));
        assertEquals(Set.of(), Negotiation.of(local, noEnh).extendedNextHop());
        Open enhButNoV4 = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of(
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2)))));
        assertEquals(Set.of(), Negotiation.of(local, enhButNoV4).extendedNextHop());
    }

    @Test
    void enhancedRouteRefreshNeedsBothSides() {
        Open with = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.RouteRefresh(),
                new Capability.EnhancedRouteRefresh()));
        Open without = Fixtures.peerOpenWith(65002, 90, "10.0.0.2", List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.RouteRefresh()));
        Open ours = LocalOpen.build(SessionConfig.builder().peerName("p").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("10.0.0.1")).holdTime(90).families(Set.of(Family.IPV4_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5)).build());
        assertTrue(Negotiation.of(ours, with).enhancedRouteRefresh());
        assertFalse(Negotiation.of(ours, without).enhancedRouteRefresh(), "the peer did not offer it");
        assertFalse(Negotiation.of(without, with).enhancedRouteRefresh(), "we did not offer it");
    }

    @Test
    void localOpenCarriesTheAdvertisedCapabilities() {
        SessionConfig cfg = SessionConfig.builder().peerName("p").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(4_200_000_000L)
                .remoteAsn(65002).routerId(Fixtures.ip("192.0.2.1")).holdTime(90).families(Set.of(Family.IPV6_UNICAST, Family.IPV4_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5)).build();
        Open open = LocalOpen.build(cfg);
        assertEquals(4, open.version());
        assertEquals(Open.AS_TRANS, open.myAsField());
        assertEquals(4_200_000_000L, open.asn());
        assertEquals(90, open.holdTime());
        assertEquals("192.0.2.1", Identifiers.toText(open.bgpIdentifier()));
        assertEquals(List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST),
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2))),
                new Capability.ExtendedMessage(),
                new Capability.GracefulRestart(false, true, 120, List.of(
                        new Capability.GracefulRestart.GrFamily(1, 1, true),
                        new Capability.GracefulRestart.GrFamily(2, 1, true))),
                new Capability.FourOctetAs(4_200_000_000L),
                new Capability.EnhancedRouteRefresh()), open.capabilities());
    }

    @Test
    void ipv6OnlyOpenHasNoExtendedNextHop() {
        SessionConfig cfg = SessionConfig.builder().peerName("p").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("192.0.2.1")).holdTime(90).families(Set.of(Family.IPV6_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5)).build();
        assertTrue(LocalOpen.build(cfg).capability(Capability.ExtendedNextHop.class).isEmpty());
        assertEquals(65001, LocalOpen.build(cfg).myAsField());
    }
}
