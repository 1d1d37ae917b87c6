package dev.herald.bgpd.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builder's YAML is a config herald takes, with the values given. */
class HeraldYamlTest {
    @Test
    void aLabConfigParses() throws Exception {
        String yaml = HeraldYaml.lab().admin(Path.of("/tmp/x.sock"))
                .peer(HeraldYaml.Peer.of("r1", InetAddress.getByName("10.0.0.2"), 65001)
                        .localAddress(InetAddress.getByName("10.0.0.1")).families("ipv4-unicast", "ipv6-unicast")
                        .nextHopV6(InetAddress.getByName("2001:db8::1")).holdTime(9).connectRetry(1)
                        .line("graceful-restart: { restart-time: 5 }"))
                .peer(HeraldYaml.Peer.of("r2", InetAddress.getByName("2001:db8::2"), 65002))
                .statics("203.0.113.0/24", "2001:db8:100::/48")
                .source("kernel:\n  tables: [main]")
                .build();
        HeraldConfig c = ConfigLoader.parse("lab.yaml", yaml);
        assertEquals(65010, c.router().asn());
        assertEquals(2, c.peers().size());
        PeerConfig r1 = c.peers().getFirst();
        assertEquals("r1", r1.name());
        assertEquals(9, r1.holdTime());
        assertEquals(2, c.sources().staticRoutes().size());
        assertEquals(true, c.sources().kernel().isPresent());
    }

    @Test
    void listenInterfacePeersAndPeersGivenAsText() throws Exception {
        String yaml = HeraldYaml.lab().router(65020, "192.0.2.9").listen("::", 1179)
                .peer(HeraldYaml.Peer.onInterface("leaf", "veth0", 65001).families("ipv6-unicast").port(1790))
                .peersYaml("  - { name: x, address: 10.0.0.9, asn: 65003 }\n")
                .source("kernel:\n  tables: [main]").build();
        HeraldConfig c = ConfigLoader.parse("lab.yaml", yaml);
        assertEquals(65020, c.router().asn());
        assertTrue(c.router().listen().isPresent());
        assertEquals(List.of("leaf", "x"), c.peers().stream().map(PeerConfig::name).toList());
        assertEquals(Optional.of("veth0"), c.peers().getFirst().interfaceName());
        assertEquals(1790, c.peers().getFirst().port());
    }
}
