package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NextHopResolverTest {
    @Test
    void ipv4RoutesOverIpv4SessionUseTheLocalAddress() {
        NextHop nh = NextHopResolver.resolve(IPV4_UNICAST, Sessions.ebgp("198.18.0.2", null, null, IPV4_UNICAST));
        assertEquals("198.18.0.2", nh.toString());
    }

    @Test
    void ipv6RoutesOverIpv4SessionWithoutOverrideAreHeldBackWithAReason() {
        NextHop nh = NextHopResolver.resolve(IPV6_UNICAST, Sessions.ebgp("198.18.0.2", null, null, IPV6_UNICAST));
        NextHop.Missing m = assertInstanceOf(NextHop.Missing.class, nh);
        assertTrue(m.reason().contains("next-hop.ipv6"), m.reason());
    }

    @Test
    void ipv6RoutesOverIpv4SessionUseTheOverride() {
        NextHop nh = NextHopResolver.resolve(IPV6_UNICAST, Sessions.ebgp("198.18.0.2", null, "fd00:18::2", IPV6_UNICAST));
        assertEquals("fd00:18::2", nh.toString());
        assertEquals(16, ((NextHop.Valid) nh).bytes().length);
    }

    @Test
    void ipv6RoutesOverIpv6SessionUseTheLocalAddress() {
        NextHop nh = NextHopResolver.resolve(IPV6_UNICAST, Sessions.ebgp("fd00:18::2", null, null, IPV6_UNICAST));
        assertEquals("fd00:18::2", nh.toString());
    }

    @Test
    void ipv4RoutesOverIpv6SessionWithoutExtendedNextHopAreHeldBack() {
        NextHop nh = NextHopResolver.resolve(IPV4_UNICAST, Sessions.ebgp("fd00:18::2", null, null, IPV4_UNICAST));
        assertInstanceOf(NextHop.Missing.class, nh);
    }

    @Test
    void ipv4RoutesOverIpv6SessionUseRfc8950NextHopWhenNegotiated() {
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(IPV4_UNICAST), Set.of(IPV4_UNICAST),
                Sessions.addr("fd00:18::2"), Optional.empty(), Optional.empty(), 4096);
        NextHop nh = NextHopResolver.resolve(IPV4_UNICAST, s);
        assertEquals(16, ((NextHop.Valid) nh).bytes().length);
    }

    @Test
    void ipv4OverrideWinsOverIpv6Session() {
        NextHop nh = NextHopResolver.resolve(IPV4_UNICAST, Sessions.ebgp("fd00:18::2", "198.18.0.2", null, IPV4_UNICAST));
        assertEquals("198.18.0.2", nh.toString());
    }

    @Test
    void mappedLocalAddressOfAnIpv4SessionIsTreatedAsIpv4AndNeverSentAsIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 198;
        mapped[13] = 18;
        mapped[15] = 2;
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(IPV4_UNICAST, IPV6_UNICAST), Set.of(),
                Inet6Address.getByAddress(null, mapped, null), Optional.empty(), Optional.empty(), 4096);
        assertEquals("198.18.0.2", NextHopResolver.resolve(IPV4_UNICAST, s).toString());
        assertInstanceOf(NextHop.Missing.class, NextHopResolver.resolve(IPV6_UNICAST, s));
    }

    @Test
    void mappedIpv6OverrideIsRefused() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 10;
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(IPV6_UNICAST), Set.of(),
                Sessions.addr("198.18.0.2"), Optional.empty(),
                Optional.of(Inet6Address.getByAddress(null, mapped, null)), 4096);
        assertInstanceOf(NextHop.Missing.class, NextHopResolver.resolve(IPV6_UNICAST, s));
    }

    @Test
    void linkLocalOnlySessionHoldsIpv6Back() {
        NextHop nh = NextHopResolver.resolve(IPV6_UNICAST, Sessions.ebgp("fe80::1", null, null, IPV6_UNICAST));
        assertInstanceOf(NextHop.Missing.class, nh);
    }

    @Test
    void unnumberedIpv6RoutesCarryGlobalPlusLinkLocal() {
        NextHop nh = NextHopResolver.resolve(IPV6_UNICAST, Sessions.ebgp("fe80::2", null, "fd00:18::2", IPV6_UNICAST));
        assertEquals("fd00:18::2 + fe80::2", nh.toString());
        assertEquals(32, ((NextHop.Valid) nh).bytes().length);
    }

    @Test
    void unnumberedIpv4RoutesUseRfc8950GlobalPlusLinkLocal() {
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(IPV4_UNICAST), Set.of(IPV4_UNICAST),
                Sessions.addr("fe80::2"), Optional.empty(), Optional.of(Sessions.addr("fd00:18::2")), 4096);
        NextHop nh = NextHopResolver.resolve(IPV4_UNICAST, s);
        assertEquals("fd00:18::2 + fe80::2", nh.toString());
    }

    @Test
    void unnumberedIpv4RoutesWithoutAGlobalAreHeldBackWithAReason() {
        PeerSessionInfo s = new PeerSessionInfo("p", 65010, 65001, Set.of(IPV4_UNICAST), Set.of(IPV4_UNICAST),
                Sessions.addr("fe80::2"), Optional.empty(), Optional.empty(), 4096);
        NextHop.Missing m = assertInstanceOf(NextHop.Missing.class, NextHopResolver.resolve(IPV4_UNICAST, s));
        assertTrue(m.reason().contains("link-local"), m.reason());
    }
}
