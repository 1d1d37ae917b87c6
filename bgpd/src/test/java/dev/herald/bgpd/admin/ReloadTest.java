package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.cli.ExitCodes;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload (herald reload and SIGHUP) against a running herald and loopback routers: route deltas
 * without a session reset, peers added and removed, a changed peer reset, an invalid file or a
 * router change refused with the old config kept.
 */
class ReloadTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter r1 = LoopbackRouter.perTest();
    @RegisterExtension
    final LoopbackRouter r2 = LoopbackRouter.perTest(65002, "127.0.0.2", "127.0.0.2");

    /** r1 with {@code r1Extra} (keys of the peer), r2 if {@code withR2}, the static {@code prefixes}. */
    private String config(String r1Extra, boolean withR2, String... prefixes) {
        HeraldYaml y = HeraldYaml.lab().admin(dir.resolve("herald.sock"))
                .peer(HeraldYaml.Peer.loopback("r1", r1).line(r1Extra));
        if (withR2) {
            y.peer(HeraldYaml.Peer.loopback("r2", r2));
        }
        return y.statics(prefixes).build();
    }

    /** Waits until the router has received {@code n} UPDATEs in all. */
    private static void awaitUpdates(LoopbackRouter r, long n) throws InterruptedException {
        for (int i = 0; i < 400 && r.updatesReceived() < n; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // and no more than that
        assertEquals(n, r.updatesReceived());
    }

    @Test
    void routeDeltasWithoutSessionReset() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            AdminCliTest.awaitSent(h, 1);
            awaitUpdates(r1, 2); // the prefix, End-of-RIB
            long opens = r1.opensReceived();

            h.writeConfig(config("", false, "203.0.113.0/24", "198.51.100.0/24"));
            RunningHerald.Result r = h.cli("reload");
            assertEquals(0, r.exit(), r::toString);
            assertEquals("reloaded: sources.static: 1 prefix(es) added, 0 removed\n", r.out());
            awaitUpdates(r1, 3); // exactly one UPDATE more: the new prefix
            AdminCliTest.awaitSent(h, 2);

            h.writeConfig(config("", false, "198.51.100.0/24"));
            assertEquals(0, h.cli("reload").exit());
            awaitUpdates(r1, 4); // the withdrawal
            AdminCliTest.awaitSent(h, 1);

            assertEquals("reloaded: no changes\n", h.cli("reload").out());
            assertNull(r1.down.poll(), "the session never went down");
            assertTrue(r1.up.isEmpty(), "no second session");
            assertEquals(opens, r1.opensReceived(), "no new OPEN");
        }
    }

    @Test
    void peersAddedRemovedAndChanged() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            h.writeConfig(config("", true, "203.0.113.0/24"));
            RunningHerald.Result added = h.cli("reload");
            assertEquals("reloaded: peer r2 added\n", added.out(), added::toString);
            r2.awaitUp();
            awaitUpdates(r2, 2);

            h.writeConfig(config("", false, "203.0.113.0/24"));
            assertTrue(h.cli("reload").out().contains("peer r2 removed"));
            assertTrue(r2.awaitDown().contains("6/3"), "Cease/3, peer de-configured");

            h.writeConfig(config("hold-time: 60", false, "203.0.113.0/24"));
            RunningHerald.Result changed = h.cli("reload");
            assertTrue(changed.out().contains("peer r1 reset, its settings changed: hold-time"), changed.out());
            assertTrue(r1.awaitDown().contains("6/6"), "Cease/6, other configuration change");
            r1.awaitUp();
            assertEquals(60, h.daemon().config().peers().getFirst().holdTime());
        }
    }

    @Test
    void exportPolicyChangeKeepsTheSession() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            awaitUpdates(r1, 2);
            h.writeConfig(config("export: { med: 50 }", false, "203.0.113.0/24"));
            RunningHerald.Result r = h.cli("reload");
            assertEquals("reloaded: peer r1: export policy changed (session kept, only the difference is sent)\n",
                    r.out(), r::toString);
            awaitUpdates(r1, 3); // the prefix again, now with MED 50
            JsonNode routes = Json.parse(h.cli("routes", "--json").out().getBytes());
            assertTrue(routes.get(0).get("attributes").asString().contains("med 50"), routes.toString());
            assertNull(r1.down.poll(), "the session never went down");
            assertEquals(1, r1.opensReceived());

            h.writeConfig(config("export: { med: 50 }", false, "203.0.113.0/24") + "rib:\n  coalesce-window: 20\n");
            RunningHerald.Result rib = h.cli("reload");
            assertEquals(ExitCodes.INVALID_CONFIG, rib.exit());
            assertTrue(rib.err().contains("not reloaded: rib:"), rib.err());
        }
    }

    @Test
    void aDisabledPeerStaysDisabledWhenItsSettingsChange() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            assertEquals(0, h.cli("peer", "r1", "disable", "-m", "maintenance").exit());
            r1.awaitDown();
            h.writeConfig(config("hold-time: 60", false, "203.0.113.0/24"));
            assertTrue(h.cli("reload").out().contains("peer r1 reset"));
            assertNull(r1.up.poll(3, TimeUnit.SECONDS), "still disabled (connect-retry is 1 s)");
            JsonNode p = Json.parse(h.cli("peers", "r1", "--json").out().getBytes());
            assertTrue(p.get("admin_down").asBoolean(), p.toString());
            assertEquals(0, h.cli("peer", "r1", "enable").exit());
            r1.awaitUp();
        }
    }

    @Test
    void invalidFileOrRouterChangeKeepsTheOldConfig() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            var before = h.daemon().config();
            h.writeConfig(config("hold-time: 2\nfamlies: [ipv4-unicast]", false, "203.0.113.0/24"));
            RunningHerald.Result bad = h.cli("reload");
            assertEquals(ExitCodes.INVALID_CONFIG, bad.exit());
            String file = h.configFile.toString();
            assertTrue(bad.err().contains(file + ":14:16: 'hold-time' must be 0"), bad.err());
            assertTrue(bad.err().contains(file + ":15:5: unknown key 'famlies'"), bad.err());
            assertTrue(bad.err().contains("the running config was kept"), bad.err());

            h.writeConfig(config("", false, "203.0.113.0/24").replace("asn: 65010", "asn: 65011"));
            RunningHerald.Result router = h.cli("reload", "--json");
            assertEquals(ExitCodes.INVALID_CONFIG, router.exit());
            assertTrue(Json.parse(router.out().getBytes()).get("refused").get(0).asString().startsWith("router:"));

            assertEquals(before, h.daemon().config());
            assertNull(r1.down.poll(), "the session never went down");
        }
    }

    /**
     * A SIGHUP while herald starts (sessions up, admin API not yet attached) is this daemon's, and
     * is carried out once herald runs: before the handler was installed ahead of the sessions, it
     * went to the JVM's default (exit) or an earlier daemon's handler, and the reload was lost.
     */
    @Test
    void sighupWhileStartingIsCarriedOutOnceRunning() throws Exception {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        try (RunningHerald h = RunningHerald.starting(dir, config("", false, "203.0.113.0/24"), gate)) {
            try {
                r1.awaitUp();
                awaitUpdates(r1, 2);
                h.writeConfig(config("", false, "203.0.113.0/24", "198.51.100.0/24"));
                hangup();
                Thread.sleep(200);
                assertEquals(2, r1.updatesReceived(), "no reload before herald runs");
            } finally {
                gate.countDown();
            }
            h.awaitAnswers();
            awaitUpdates(r1, 3); // the reload, carried out once attached
            AdminCliTest.awaitSent(h, 2);
            assertNull(r1.down.poll());
        }
    }

    private static void hangup() throws Exception {
        // A JVM that inherits SIGHUP as ignored (started under nohup) keeps it ignored whatever handler
        // is installed (HotSpot's rule for HUP, INT and TERM): say so rather than fail on a missing reload.
        String ignored = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).strip();
        assertEquals(0, Long.parseLong(ignored, 16) & 1, "SIGHUP is ignored in this JVM (inherited, e.g. from nohup): "
                + "no handler can see it; run the tests without nohup");
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }

    @Test
    void sighupReloads() throws Exception {
        try (RunningHerald h = new RunningHerald(dir, config("", false, "203.0.113.0/24"))) {
            r1.awaitUp();
            awaitUpdates(r1, 2);
            h.writeConfig(config("", false, "203.0.113.0/24", "198.51.100.0/24"));
            hangup();
            awaitUpdates(r1, 3);
            AdminCliTest.awaitSent(h, 2);
            assertNull(r1.down.poll());
        }
    }
}
