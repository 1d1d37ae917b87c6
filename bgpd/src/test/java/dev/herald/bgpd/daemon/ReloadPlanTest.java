package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reload diff as the operator reads it: what changes, what resets, and never a secret. */
class ReloadPlanTest {
    private static HeraldConfig config(String top, String peers) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                router: { asn: 65010, router-id: 192.0.2.1 }
                %speers:
                  - { name: a, address: 198.18.0.1, asn: 65001 }
                %s""".formatted(top, peers));
    }

    @Test
    void nothingChanged() throws Exception {
        ReloadPlan p = ReloadPlan.of(config("", ""), config("", ""));
        assertEquals(List.of(), p.changes());
        assertEquals(List.of(), p.refused());
    }

    @Test
    void healthCheckChangesAreNamed() throws Exception {
        String web = "  - { name: web, tcp: { host: 127.0.0.1, port: 80 }, match: {} }\n";
        String webSlow = "  - { name: web, tcp: { host: 127.0.0.1, port: 80 }, interval: 10s, match: {} }\n";
        String webStatic = "  - { name: web, tcp: { host: 127.0.0.1, port: 80 }, match: { sources: [static] } }\n";
        String m = "  - { name: m, file: { path: /run/m, pass-when: absent }, match: {} }\n";
        assertEquals(List.of(), ReloadPlan.of(config("", "health-checks:\n" + web), config("", "health-checks:\n" + web)).changes());
        assertEquals(List.of("health check web changed, started over", "health check m added"),
                ReloadPlan.of(config("", "health-checks:\n" + web), config("", "health-checks:\n" + webSlow + m)).changes());
        assertEquals(List.of("health check web: match changed (state kept)", "health check m removed, its routes no longer held by it"),
                ReloadPlan.of(config("", "health-checks:\n" + web + m), config("", "health-checks:\n" + webStatic)).changes());
    }

    @Test
    void passwordChangeResetsThePeerWithoutShowingTheKey() throws Exception {
        ReloadPlan p = ReloadPlan.of(config("", "  - { name: b, address: 198.18.0.5, asn: 65002, password: old-secret }\n"),
                config("", "  - { name: b, address: 198.18.0.5, asn: 65002, password: new-secret }\n"));
        assertEquals(1, p.peersChanged().size());
        String text = String.join("\n", p.changes());
        assertTrue(text.contains("peer b reset, its settings changed: password"), text);
        assertFalse(text.contains("secret"), text);
    }

    @Test
    void bfdChangesKeepTheBgpSession() throws Exception {
        String plain = "  - { name: b, address: 198.18.0.5, asn: 65002 }\n";
        String fast = "  - { name: b, address: 198.18.0.5, asn: 65002, bfd: { min-tx: 100ms } }\n";
        String slow = "  - { name: b, address: 198.18.0.5, asn: 65002, bfd: { min-tx: 200ms } }\n";
        String off = "  - { name: b, address: 198.18.0.5, asn: 65002, bfd: { enabled: false } }\n";
        ReloadPlan timers = ReloadPlan.of(config("", fast), config("", slow));
        assertEquals(List.of(), timers.peersChanged());
        assertEquals(List.of("peer b: BFD timers changed (Poll Sequence) (BGP session kept)"), timers.changes());
        assertEquals(List.of("peer b: BFD enabled (BGP session kept)"), ReloadPlan.of(config("", plain), config("", fast)).changes());
        ReloadPlan disable = ReloadPlan.of(config("", fast), config("", off));
        assertEquals(List.of(), disable.peersChanged());
        assertEquals(List.of("peer b: BFD disabled (BGP session kept)"), disable.changes());
        ReloadPlan ttl = ReloadPlan.of(
                config("", "  - { name: b, address: 198.18.0.5, asn: 65002, ebgp-multihop: 2, bfd: {} }\n"),
                config("", "  - { name: b, address: 198.18.0.5, asn: 65002, ebgp-multihop: 2, bfd: { minimum-ttl: 64 } }\n"));
        assertEquals(List.of(), ttl.peersChanged());
        assertEquals(List.of("peer b: BFD minimum-ttl changed (from the next BFD session) (BGP session kept)"), ttl.changes());
        // Another key beside bfd still resets, and names only that key.
        ReloadPlan both = ReloadPlan.of(config("", fast),
                config("", "  - { name: b, address: 198.18.0.5, asn: 65002, hold-time: 30, bfd: { min-tx: 200ms } }\n"));
        assertEquals(1, both.peersChanged().size());
        assertTrue(both.changes().getFirst().contains("its settings changed: hold-time (Cease/6"), both.changes()::toString);
    }

    @Test
    void extendedMessageChangeResetsThePeer() throws Exception {
        // The capability is only exchanged in OPEN: a new value needs a new session.
        ReloadPlan p = ReloadPlan.of(config("", "  - { name: b, address: 198.18.0.5, asn: 65002 }\n"),
                config("", "  - { name: b, address: 198.18.0.5, asn: 65002, extended-message: false }\n"));
        assertEquals(List.of("b"), p.peersChanged().stream().map(dev.herald.config.PeerConfig::name).toList());
        assertTrue(p.changes().contains("peer b reset, its settings changed: extended-message (Cease/6, other"
                + " configuration change)"), p.changes()::toString);
        assertFalse(SessionConfigs.of(p.peersChanged().getFirst(), config("", "").router(), false).extendedMessage());
    }

    @Test
    void peersAddedAndRemovedByName() throws Exception {
        ReloadPlan p = ReloadPlan.of(config("", "  - { name: b, address: 198.18.0.5, asn: 65002 }\n"),
                config("", "  - { name: c, address: 198.18.0.5, asn: 65002 }\n"));
        assertEquals(List.of("b"), p.peersRemoved());
        assertEquals("c", p.peersAdded().getFirst().name());
        assertEquals(List.of(), p.peersChanged());
    }

    @Test
    void routerChangeIsRefusedAndEndpointsMove() throws Exception {
        HeraldConfig other = ConfigLoader.parse("t.yaml", """
                router: { asn: 65011, router-id: 192.0.2.1 }
                peers:
                  - { name: a, address: 198.18.0.1, asn: 65001 }
                """);
        ReloadPlan refused = ReloadPlan.of(config("", ""), other);
        assertTrue(refused.refused().getFirst().startsWith("router:"), refused::toString);
        ReloadPlan moved = ReloadPlan.of(config("", ""), config("metrics: { listen: 127.0.0.1:9179 }\nadmin: { socket: /run/x.sock }\n", ""));
        assertEquals(List.of(), moved.refused());
        assertTrue(moved.changes().contains("admin: socket moved to /run/x.sock"), moved.changes()::toString);
        assertTrue(moved.changes().stream().anyMatch(c -> c.startsWith("metrics: listening on")), moved.changes()::toString);
    }
}
