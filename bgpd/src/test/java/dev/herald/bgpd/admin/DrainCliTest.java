package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.cli.ExitCodes;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * herald drain / undrain against a running herald and a loopback router: the routes are sent again
 * with GRACEFUL_SHUTDOWN and the prepend, the session stays up, a reload keeps the drain, and status,
 * peers and the metrics say so.
 */
class DrainCliTest {
    /**
     * The least gap the router sees between the drained UPDATE and the session's end for a 2 s
     * drain: 2 s less half a second for the watcher's and the reader's scheduling on a loaded
     * machine. Without the drain wait the gap is a few milliseconds.
     */
    private static final long DRAIN_SEEN_NANOS = 1_500_000_000L;

    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter r1 = LoopbackRouter.perTest();

    private String config(String extra) {
        return HeraldYaml.lab().admin(dir.resolve("herald.sock")).peer(HeraldYaml.Peer.loopback("r1", r1))
                .statics("203.0.113.0/24").build() + extra;
    }

    /** Waits until the router has received {@code n} UPDATEs in all, and no more. */
    private static void awaitUpdates(LoopbackRouter r, long n) throws InterruptedException {
        for (int i = 0; i < 400 && r.updatesReceived() < n; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        assertEquals(n, r.updatesReceived());
    }

    private static String attributes(RunningHerald h) {
        JsonNode routes = Json.parse(h.cli("routes", "--json").out().getBytes());
        return routes.get(0).get("attributes").asString();
    }

    private static JsonNode peer(RunningHerald h) {
        return Json.parse(h.cli("peers", "--json").out().getBytes()).get(0);
    }

    @Test
    void drainReloadUndrain() throws Exception {
        String config = config("drain: { prepend: 2 }\n");
        try (RunningHerald h = new RunningHerald(dir, config)) {
            r1.awaitUp();
            AdminCliTest.awaitSent(h, 1);
            awaitUpdates(r1, 2); // the prefix, End-of-RIB
            String before = attributes(h);
            assertFalse(before.contains("65535:0"), before);
            assertTrue(peer(h).get("drained").isNull(), "not drained at first");

            RunningHerald.Result d = h.cli("drain", "--message", "maintenance 42");
            assertEquals(0, d.exit(), d::toString);
            assertEquals("drained r1 (routes sent again with GRACEFUL_SHUTDOWN)\n", d.out());
            awaitUpdates(r1, 3); // the prefix again, drained; nothing withdrawn
            String drained = attributes(h);
            assertTrue(drained.contains("65535:0"), drained);
            assertTrue(drained.contains("65010 65010 65010"), "two more copies of herald's AS: " + drained);
            JsonNode p = peer(h);
            assertEquals("maintenance 42", p.get("drained").get("message").asString());
            assertTrue(h.cli("peers").out().contains("(drained)"), h.cli("peers").out());
            assertTrue(h.cli("status").out().contains("drained: every peer since"), h.cli("status").out());
            try (Metrics m = new Metrics(h.daemon())) {
                String text = m.scrape(Metrics.contentType("text/plain"));
                assertTrue(text.contains("herald_peer_drained{peer=\"r1\"} 1"), text);
            }

            h.writeConfig(config("drain: { prepend: 2 }\n") + "# touched\n");
            assertEquals(0, h.cli("reload").exit());
            awaitUpdates(r1, 3); // a reload does not undo the drain: nothing is sent
            assertTrue(attributes(h).contains("65535:0"));
            assertEquals("maintenance 42", peer(h).get("drained").get("message").asString());

            assertEquals(ExitCodes.USAGE, h.cli("undrain", "--peer", "r1").exit(), "a drain of every peer is ended whole");
            assertEquals(ExitCodes.NOT_FOUND, h.cli("drain", "--peer", "nosuch").exit());
            RunningHerald.Result u = h.cli("undrain");
            assertEquals(0, u.exit(), u::toString);
            awaitUpdates(r1, 4);
            assertEquals(before, attributes(h), "undrain restores the attributes");
            assertTrue(peer(h).get("drained").isNull());

            // One peer: its own drain, which undrain --peer ends.
            assertEquals(0, h.cli("drain", "--peer", "r1").exit());
            awaitUpdates(r1, 5);
            assertTrue(attributes(h).contains("65535:0"));
            assertTrue(h.cli("status").out().contains("drained: 1 peer(s)"), h.cli("status").out());
            assertEquals(0, h.cli("undrain", "--peer", "r1").exit());
            awaitUpdates(r1, 6);
            assertEquals(before, attributes(h));
            assertNull(r1.down.poll(), "the session never went down");
            assertEquals(1, r1.opensReceived());
        }
    }

    /**
     * SIGTERM with {@code drain.before-stop: 2}: the routes go out again drained over the session that
     * stays up, and only at least 2 s later does the session close (as SIGTERM does: no NOTIFICATION).
     */
    @Test
    void sigtermDrainsFirstWhenConfigured() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("drain: { before-stop: 2 }\n"))) {
            r1.awaitUp();
            awaitUpdates(r1, 2);
            long[] reannounced = {0};
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (r1.updatesReceived() < 3) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a look each millisecond, not a spinning CPU
                }
                reannounced[0] = System.nanoTime();
            });
            // The handler Daemon.run installed takes it; the JVM does not exit.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).start();
            assertTrue(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            String reason = r1.awaitDown();
            long downAt = System.nanoTime();
            watcher.join(10_000);
            assertTrue(reannounced[0] != 0, "the drained routes were sent before the session closed");
            assertTrue(downAt - reannounced[0] >= DRAIN_SEEN_NANOS,
                    "closed only " + (downAt - reannounced[0]) / 1_000_000 + " ms after the drain");
            assertFalse(reason.contains("6/2"), "SIGTERM stays a restart-style stop: " + reason);
            assertEquals(0, h.exit.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}
