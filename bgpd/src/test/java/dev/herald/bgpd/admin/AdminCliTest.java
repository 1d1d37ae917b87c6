package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.cli.ExitCodes;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every admin command of the CLI against a running herald (Daemon.run with its admin socket) that
 * announces to a loopback router played by herald's own transport.
 */
class AdminCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    /** herald with its admin socket at {@code socket}, announcing {@code prefixes} to {@code router} as r1. */
    static HeraldYaml config(Path socket, LoopbackRouter router, String... prefixes) {
        return HeraldYaml.lab().admin(socket).peer(HeraldYaml.Peer.loopback("r1", router)).statics(prefixes);
    }

    private RunningHerald herald(String... prefixes) throws Exception {
        return new RunningHerald(dir, config(dir.resolve("herald.sock"), router, prefixes).build());
    }

    private static JsonNode json(RunningHerald.Result r) {
        assertEquals(0, r.exit(), r::toString);
        return Json.parse(r.out().getBytes());
    }

    @Test
    void statusAndPeers() throws Exception {
        try (RunningHerald h = herald("203.0.113.0/24", "198.51.100.0/24")) {
            router.awaitUp();
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.socket)));

            RunningHerald.Result status = h.cli("status");
            assertEquals(0, status.exit(), status::toString);
            assertTrue(status.out().contains("peers:   1 of 1 Established"), status.out());
            assertTrue(status.out().contains("rib:     2 prefix(es)"), status.out());
            assertTrue(status.out().contains("sources: static 2 prefix(es) offered"), status.out());
            assertEquals(2, json(h.cli("status", "--json")).get("rib_prefixes").asInt());

            awaitSent(h, 2);
            RunningHerald.Result table = h.cli("peers");
            assertEquals(0, table.exit(), table::toString);
            String[] lines = table.out().split("\n");
            assertTrue(lines[0].startsWith("PEER  ADDRESS    AS     STATE        UPTIME  SENT"), table.out());
            assertTrue(lines[1].matches("r1 +127\\.0\\.0\\.1 +65001 +Established +\\d+s +ipv4-unicast 2 +0 +-"), lines[1]);

            JsonNode p = json(h.cli("peers", "--json")).get(0);
            assertEquals("Established", p.get("state").asString());
            assertEquals("[\"ipv4-unicast\"]", p.get("families").toString());
            assertTrue(p.get("capabilities").toString().contains("graceful-restart"), p.toString());
            assertTrue(p.get("capabilities").toString().contains("4-octet-as"), p.toString());
            assertEquals("192.0.2.1", p.get("next_hops").get("ipv4-unicast").asString());
            assertEquals(1, p.get("messages").get("out").get("open").asInt());
            assertEquals(router.updatesReceived(), p.get("messages").get("out").get("update").asLong(),
                    "herald's count of UPDATEs sent is what the router received");
            assertEquals(0, p.get("flaps").asInt());

            RunningHerald.Result detail = h.cli("peers", "r1");
            assertTrue(detail.out().contains("capabilities  route-refresh"), detail.out());
            assertTrue(detail.out().contains("ipv4-unicast  next hop 192.0.2.1, 2 prefix(es) sent"), detail.out());

            RunningHerald.Result nobody = h.cli("peers", "nobody");
            assertEquals(ExitCodes.NOT_FOUND, nobody.exit());
            assertTrue(nobody.err().contains("no peer named 'nobody'"), nobody.err());
        }
    }

    @Test
    void routesAndExplain() throws Exception {
        try (RunningHerald h = herald("203.0.113.0/24", "198.51.100.0/24")) {
            router.awaitUp();
            awaitSent(h, 2);
            RunningHerald.Result table = h.cli("routes");
            assertEquals(0, table.exit(), table::toString);
            String[] lines = table.out().split("\n");
            assertEquals(3, lines.length, table.out());
            assertTrue(lines[0].matches("PEER +PREFIX +NEXT HOP +ATTRIBUTES +SOURCE"), lines[0]);
            assertTrue(lines[1].matches("r1 +198\\.51\\.100\\.0/24 +192\\.0\\.2\\.1 +origin igp as-path 65010 +static"),
                    lines[1]);
            assertTrue(lines[2].startsWith("r1    203.0.113.0/24"), lines[2]);

            JsonNode v4 = json(h.cli("routes", "--peer", "r1", "--family", "ipv4-unicast", "--json"));
            assertEquals(2, v4.size());
            assertEquals("192.0.2.1", v4.get(0).get("next_hop").asString());
            assertEquals(0, json(h.cli("routes", "--family", "ipv6-unicast", "--json")).size());
            assertEquals(ExitCodes.USAGE, h.cli("routes", "--family", "ipv5").exit());
            assertEquals(ExitCodes.NOT_FOUND, h.cli("routes", "--peer", "nobody").exit());

            RunningHerald.Result why = h.cli("routes", "--explain", "203.0.113.0/24");
            assertEquals(0, why.exit(), why::toString);
            assertTrue(why.out().startsWith("203.0.113.0/24\n  from    static (config sources.static)\n"), why.out());
            assertTrue(why.out().matches("(?s).*\n  r1 +sent +next hop 192\\.0\\.2\\.1, origin igp as-path 65010, update group \\d+\n.*"),
                    why.out());
            JsonNode x = json(h.cli("routes", "--explain", "203.0.113.0/24", "--json"));
            assertEquals("sent", x.get("peers").get(0).get("verdict").asString());
            assertEquals("static", x.get("winner").get("source").asString());

            RunningHerald.Result none = h.cli("routes", "--explain", "192.0.2.0/24");
            assertEquals(ExitCodes.NOT_FOUND, none.exit());
            assertTrue(none.out().contains("no source offers it"), none.out());
            assertEquals(ExitCodes.USAGE, h.cli("routes", "--explain", "not-a-prefix").exit());
        }
    }

    @Test
    void disableAndEnableAPeer() throws Exception {
        try (RunningHerald h = herald("203.0.113.0/24")) {
            router.awaitUp();
            RunningHerald.Result off = h.cli("peer", "r1", "disable", "--message", "maintenance window");
            assertEquals(0, off.exit(), off::toString);
            assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"maintenance window\")", router.awaitDown());
            JsonNode p = awaitState(h, "Idle");
            assertTrue(p.get("admin_down").asBoolean());
            assertEquals(1, p.get("flaps").asInt());
            assertTrue(h.cli("peers").out().contains("Idle (disabled)"));
            assertEquals(ExitCodes.NOT_FOUND, h.cli("peer", "nobody", "disable").exit());
            assertEquals(ExitCodes.USAGE, h.cli("peer", "r1", "reset").exit());
            assertEquals(ExitCodes.USAGE, h.cli("peer", "r1", "disable", "-m", "x".repeat(256)).exit());

            assertEquals(0, h.cli("peer", "r1", "enable").exit());
            router.awaitUp();
            assertFalse(awaitState(h, "Established").get("admin_down").asBoolean());
        }
    }

    @Test
    void shutdownWithdrawsAndStops() throws Exception {
        RunningHerald h = herald("203.0.113.0/24");
        router.awaitUp();
        RunningHerald.Result r = h.cli("shutdown", "--message", "host retired");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("stopped"), r.out());
        assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"host retired\")", router.awaitDown());
        assertEquals(0, h.exit.get(10, TimeUnit.SECONDS), "herald run returns 0");
        assertFalse(Files.exists(h.socket), "the socket is removed");
        RunningHerald.Result gone = h.cli("status");
        assertEquals(ExitCodes.UNREACHABLE, gone.exit());
        assertTrue(gone.err().contains("does not exist (is herald running?"), gone.err());
    }

    @Test
    void rawApiErrors() throws Exception {
        try (RunningHerald h = herald("203.0.113.0/24")) {
            router.awaitUp();
            assertEquals(404, raw(h, "GET", "/v2/status", "").status());
            assertEquals(405, raw(h, "DELETE", "/v1/status", "").status());
            assertEquals(400, raw(h, "POST", "/v1/peers/r1/disable", "{not json").status());
            assertEquals(404, raw(h, "POST", "/v1/peers/r1/reset", "").status());
            try (var c = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(h.socket))) {
                c.write(java.nio.ByteBuffer.wrap("NONSENSE\r\n\r\n".getBytes()));
                String answer = new String(java.nio.channels.Channels.newInputStream(c).readAllBytes());
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            }
            assertEquals(200, raw(h, "GET", "/v1/status", "").status(), "still serving");
        }
    }

    private static dev.herald.os.http.Reply raw(RunningHerald h, String method, String path, String body) throws Exception {
        return new dev.herald.os.http.UnixHttpClient(dev.herald.os.EventLoops.shared(), h.socket, "herald", "test")
                .exchange(method, path, body.getBytes(), 10_000);
    }

    @Test
    void notRunningIsExitThree() {
        RunningHerald.Result r = RunningHerald.run("peers", "--socket", dir.resolve("none.sock").toString());
        assertEquals(ExitCodes.UNREACHABLE, r.exit());
    }

    /** Waits until the peer's Adj-RIB-Out holds {@code n} prefixes. */
    static void awaitSent(RunningHerald h, int n) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode p = json(h.cli("peers", "--json")).get(0);
            if (p.path("prefixes_sent").path("ipv4-unicast").asInt(-1) == n) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("prefixes_sent never reached " + n);
    }

    static JsonNode awaitState(RunningHerald h, String state) throws InterruptedException {
        JsonNode p = null;
        for (int i = 0; i < 200; i++) {
            p = json(h.cli("peers", "--json")).get(0);
            if (p.get("state").asString().equals(state)) {
                return p;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("peer never reached " + state + ": " + p);
    }

}
