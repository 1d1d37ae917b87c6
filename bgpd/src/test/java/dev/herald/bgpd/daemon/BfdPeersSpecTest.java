package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bfd.io.SessionSpec;
import dev.herald.config.ConfigLoader;
import dev.herald.config.PeerConfig;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The BFD session a peer gets: single hop, or multihop with its least TTL (FRR's minimum-ttl). */
class BfdPeersSpecTest {
    private static PeerConfig peer(String... lines) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                router: { asn: 65000, router-id: 192.0.2.1 }
                peers:
                  - name: r1
                    address: 192.0.2.2
                    asn: 65001
                """);
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return ConfigLoader.parse("t.yaml", yaml.toString()).peers().getFirst();
    }

    private static SessionSpec spec(PeerConfig p) throws Exception {
        return BfdPeers.spec(p, p.bfd(), InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"));
    }

    @Test
    void directlyConnectedPeerRunsSingleHop() throws Exception {
        assertFalse(spec(peer("bfd: {}")).multihop());
    }

    @Test
    void multihopPeerAcceptsAtLeast256MinusHopsByDefault() throws Exception {
        SessionSpec s = spec(peer("ebgp-multihop: 3", "bfd: {}"));
        assertTrue(s.multihop());
        assertEquals(253, s.minTtl());
    }

    @Test
    void minimumTtlLowersTheLeastTtlForBird() throws Exception {
        // BIRD sends multihop BFD with TTL 64, below the default 253.
        assertEquals(64, spec(peer("ebgp-multihop: 3", "bfd: { minimum-ttl: 64 }")).minTtl());
    }
}
