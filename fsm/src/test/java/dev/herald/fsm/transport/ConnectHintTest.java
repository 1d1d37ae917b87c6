package dev.herald.fsm.transport;

import static dev.herald.fsm.transport.TransportFixtures.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.herald.codec.Family;
import dev.herald.fsm.SessionConfig;

/** The hint after a failed connect names the cause that applies, not every cause there could be. */
class ConnectHintTest {
    /** A host with 198.18.0.2/24 on its one link. */
    private static final ConnectHint.Host HOST = new ConnectHint.Host() {
        @Override
        public boolean isLocal(InetAddress a) {
            return a.equals(addr("198.18.0.2"));
        }

        @Override
        public boolean onConnectedSubnet(InetAddress a) {
            return HostAddresses.sameSubnet(addr("198.18.0.2"), a, 24);
        }
    };

    private static SessionConfig peer(String address, String local, int ttl) {
        return SessionConfig.builder().peerName("r1").remoteAddress(addr(address)).remotePort(179)
                .localAddress(local == null ? null : addr(local)).localAsn(65010).remoteAsn(65001)
                .routerId((java.net.Inet4Address) addr("192.0.2.1")).holdTime(90).families(Set.of(Family.IPV4_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5)).connectRetryMaxTime(Duration.ofSeconds(60)).ttl(ttl).build();
    }

    @Test
    void aConnectedPeerThatDoesNotAnswerIsALinkOrPeerDownNotMultihop() {
        String r = ConnectHint.explain("no route to host", peer("198.18.0.1", null, 1), HOST);
        assertEquals("no route to host (198.18.0.1 is on a connected subnet and does not answer ARP or neighbour"
                + " discovery: the link or the peer is down)", r);
        assertFalse(r.contains("ebgp-multihop"), r);
    }

    @Test
    void aPeerOffEveryConnectedSubnetAtTtl1GetsTheMultihopHint() {
        assertEquals("no route to host (203.0.113.1 is not on a connected subnet and herald sends with TTL 1 to this"
                + " eBGP peer: if it is more than one hop away, set ebgp-multihop)",
                ConnectHint.explain("no route to host", peer("203.0.113.1", null, 1), HOST));
    }

    @Test
    void withMultihopOrIbgpThereIsNoTtlHint() {
        assertEquals("no route to host", ConnectHint.explain("no route to host", peer("203.0.113.1", null, 2), HOST));
        assertEquals("no route to host", ConnectHint.explain("no route to host", peer("203.0.113.1", null, 0), HOST));
    }

    @Test
    void aLocalAddressThatIsNotOursIsNamed() {
        assertEquals("cannot assign requested address (local-address 198.18.0.9 is not an address of this host or"
                + " its network namespace)",
                ConnectHint.explain("cannot assign requested address", peer("198.18.0.1", "198.18.0.9", 1), HOST));
        // Ours after all (added since): the errno stands alone rather than blaming the wrong setting.
        assertEquals("cannot assign requested address",
                ConnectHint.explain("cannot assign requested address", peer("198.18.0.1", "198.18.0.2", 1), HOST));
    }

    @Test
    void otherReasonsStayAsTheyAre() {
        assertEquals("connection refused", ConnectHint.explain("connection refused", peer("198.18.0.1", "198.18.0.9", 1), HOST));
    }

    @Test
    void subnetsCompareBitByBit() {
        assertTrue(HostAddresses.sameSubnet(addr("198.18.0.2"), addr("198.18.0.254"), 24));
        assertFalse(HostAddresses.sameSubnet(addr("198.18.0.2"), addr("198.18.1.1"), 24));
        assertTrue(HostAddresses.sameSubnet(addr("198.18.0.2"), addr("198.18.1.1"), 23));
        assertFalse(HostAddresses.sameSubnet(addr("198.18.0.2"), addr("fd00:18::1"), 24));
        assertTrue(HostAddresses.sameSubnet(addr("fd00:18::2"), addr("fd00:18::1"), 64));
    }

    @Test
    void theHostsOwnLoopbackIsLocalAndConnected() {
        assertTrue(HostAddresses.SYSTEM.isLocal(addr("127.0.0.1")));
        assertTrue(HostAddresses.SYSTEM.onConnectedSubnet(addr("127.0.0.2")));
        assertFalse(HostAddresses.SYSTEM.isLocal(addr("192.0.2.255")));
    }
}
