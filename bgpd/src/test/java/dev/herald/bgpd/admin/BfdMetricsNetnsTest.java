package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.io.BfdTransport;
import dev.herald.bfd.io.SessionSpec;
import dev.herald.bfd.io.VethPair;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BFD's series scraped from a herald whose peer has a real BFD session Up: herald in one network
 * namespace, the router (herald's own BGP transport and a {@link BfdTransport} of the test's) in
 * another, as in BfdCouplingNetnsTest. Each scrape is parsed strictly ({@link Exposition}). Root
 * only ({@link VethPair#requireLab}: skipped with a banner, failing under CI=true).
 */
class BfdMetricsNetnsTest {
    private static final Parameters FAST = new Parameters(100_000, 100_000, 3);
    /** Generous for a loaded machine: slow start alone sends at 1 s until Up. */
    private static final long WAIT_NANOS = 15_000_000_000L;

    @TempDir
    Path state;
    private VethPair veth;
    private LoopbackRouter router;
    private BfdTransport routerBfd;
    private Daemon herald;
    private Metrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        VethPair.requireLab();
        veth = VethPair.create();
        routerBfd = BfdTransport.start(VethPair.threadsIn(veth.b));
        AtomicReference<LoopbackRouter> r = new AtomicReference<>();
        VethPair.inNamespace(veth.b, () -> r.set(new LoopbackRouter(65001, "10.99.0.2", "10.99.0.1")));
        router = r.get();
    }

    @AfterEach
    void tearDown() {
        if (metrics != null) {
            metrics.close();
        }
        if (herald != null) {
            herald.close();
        }
        if (routerBfd != null) {
            routerBfd.close();
        }
        if (router != null) {
            router.close();
        }
        if (veth != null) {
            veth.close();
        }
    }

    private HeraldConfig config(String bfd) throws Exception {
        return ConfigLoader.parse("t.yaml", HeraldYaml.lab()
                .peer(HeraldYaml.Peer.loopback("r1", router).holdTime(30).line("bfd: " + bfd))
                .statics("203.0.113.0/24").build());
    }

    private Exposition.Parsed scrape() throws InterruptedException {
        return Exposition.text(metrics.scrape(Metrics.TEXT));
    }

    private Exposition.Parsed awaitScrape(String what, Predicate<Exposition.Parsed> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        for (;;) {
            Exposition.Parsed m = scrape();
            if (condition.test(m)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_NANOS / 1_000_000_000 + " s: " + what + "; last: "
                        + m.series());
            }
            Thread.sleep(20);
        }
    }

    private static double bfd(Exposition.Parsed m, String name) {
        return m.get(name, "peer", "r1");
    }

    @Test
    void seriesFollowTheLiveSessionAndTheTransportCountsDrops() throws Exception {
        BfdTransport.Handle mine = routerBfd.add(SessionSpec.singleHop(VethPair.B4, VethPair.A4, 0, FAST), (h, c) -> {
        });
        HeraldConfig withBfd = config("{ min-rx: 100ms, min-tx: 100ms, multiplier: 3 }");
        VethPair.inNamespace(veth.a, () -> herald = Daemon.start(withBfd, state));
        metrics = new Metrics(herald);

        // From the first scrape, whatever the session's state: every family, every drop reason at 0.
        Exposition.Parsed first = scrape();
        for (String f : new String[] {"herald_peer_bfd_up", "herald_peer_bfd_state",
                "herald_peer_bfd_transmit_interval_seconds", "herald_peer_bfd_receive_interval_seconds",
                "herald_peer_bfd_detection_time_seconds", "herald_peer_bfd_up_transitions_total",
                "herald_peer_bfd_bgp_resets_total"}) {
            assertTrue(first.has(f, "peer", "r1"), f + " in " + first.series().keySet());
        }
        assertEquals(0.0, bfd(first, "herald_peer_bfd_bgp_resets_total"));
        assertEquals(12, first.count("herald_bfd_packets_dropped_total"), "9 decode reasons and 3 of the transport");
        assertEquals(0.0, first.get("herald_bfd_packets_dropped_total", "reason", "ttl"));
        assertEquals(0.0, first.get("herald_bfd_packets_dropped_total", "reason", "bad_version"));
        assertTrue(first.has("herald_bfd_send_errors_total"));

        router.awaitUp();
        // Up first at the slow start's 1 s; the 100 ms follow once a Poll Sequence ran (RFC 5880 6.8.3).
        Exposition.Parsed up = awaitScrape("herald's BFD Up at 100 ms both ways",
                m -> bfd(m, "herald_peer_bfd_up") == 1.0
                        && bfd(m, "herald_peer_bfd_transmit_interval_seconds") == 0.1
                        && bfd(m, "herald_peer_bfd_receive_interval_seconds") == 0.1);
        assertEquals(4.0, bfd(up, "herald_peer_bfd_state"), "Up in BFD-STD-MIB");
        assertEquals(0.3, bfd(up, "herald_peer_bfd_detection_time_seconds"), 1e-9);
        assertEquals(1.0, bfd(up, "herald_peer_bfd_up_transitions_total"));
        assertEquals(1.0, up.get("herald_bfd_sessions"));
        assertTrue(up.get("herald_bfd_packets_received_total") >= 1, "the router's packets brought it Up");
        assertTrue(up.get("herald_bfd_packets_sent_total") >= 1);
        assertEquals("counter", up.families().get("herald_bfd_packets_dropped_total"));

        // Drops before Up are no fault: the router's Down packets that came before herald's session existed.
        double ttlBefore = up.get("herald_bfd_packets_dropped_total", "reason", "ttl");
        double dropsBefore = up.sum("herald_bfd_packets_dropped_total");
        // A plain datagram from the router's namespace leaves with the kernel's default TTL (64), not 255.
        VethPair.inNamespace(veth.b, () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(VethPair.B4, 0))) {
                byte[] junk = new byte[24];
                s.send(new DatagramPacket(junk, junk.length, new InetSocketAddress(VethPair.A4,
                        BfdTransport.SINGLE_HOP_PORT)));
            }
        });
        Exposition.Parsed dropped = awaitScrape("the TTL 64 datagram counted",
                m -> m.get("herald_bfd_packets_dropped_total", "reason", "ttl") == ttlBefore + 1);
        assertEquals(dropsBefore + 1, dropped.sum("herald_bfd_packets_dropped_total"), "counted once, under ttl only");

        // The router's BFD goes silent: herald ends the BGP session with Cease/10 and counts it.
        routerBfd.remove(mine);
        assertEquals("peer sent NOTIFICATION 6/10 (Cease: BFD down)", router.awaitDown());
        Exposition.Parsed reset = awaitScrape("the reset counted",
                m -> bfd(m, "herald_peer_bfd_bgp_resets_total") == 1.0);
        assertEquals(1.0, bfd(reset, "herald_peer_bfd_up_transitions_total"));

        // A reload that disables the last peer's BFD takes every BFD series away.
        assertTrue(herald.reload(config("{ enabled: false }")).refused().isEmpty());
        Exposition.Parsed off = scrape();
        assertFalse(off.families().keySet().stream().anyMatch(f -> f.contains("bfd")), off.families()::toString);
    }
}
