package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.LoopbackRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald peers} (table, detail, JSON) names the Down checks that hold back or degrade a peer's
 * routes, since when, and how many: two prefixes withdrawn by one check, one degraded by another,
 * one no check holds; the counts follow a route withdrawn while its check is Down, and the column
 * goes once the checks are Up again.
 */
class HealthPeersCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter r1 = LoopbackRouter.perTest();

    private static JsonNode peer(RunningHerald h) {
        RunningHerald.Result r = h.cli("peers", "--json");
        assertEquals(0, r.exit(), r::toString);
        return Json.parse(r.out().getBytes()).get(0);
    }

    /** Polls {@code herald peers --json} until the peer's holds read {@code want}; the bound only ends a broken test. */
    private static JsonNode awaitHolds(RunningHerald h, String want) throws InterruptedException {
        JsonNode p = peer(h);
        for (int i = 0; i < 400 && !holds(p).equals(want); i++) {
            Thread.sleep(25);
            p = peer(h);
        }
        assertEquals(want, holds(p), p.toString());
        return p;
    }

    private static String holds(JsonNode p) {
        StringBuilder b = new StringBuilder();
        for (JsonNode h : p.get("health_holds")) {
            b.append(h.get("check").asString()).append(' ').append(h.get("routes").asString()).append(' ')
                    .append(h.get("prefixes").asInt()).append(';');
        }
        return b.toString();
    }

    @Test
    void peersNameTheChecksHoldingRoutesSinceWhenAndHowMany() throws Exception {
        Path web = dir.resolve("web-down");
        Path busy = dir.resolve("busy");
        String yaml = AdminCliTest.config(dir.resolve("herald.sock"), r1, "203.0.113.0/24", "198.51.100.0/24",
                "192.0.2.0/24", "10.9.0.0/16").build() + """
                health-checks:
                  - name: web
                    file: { path: %s, pass-when: absent }
                    interval: 100ms
                    rise: 1
                    fall: 1
                    match: { prefixes: [203.0.113.0/24, 198.51.100.0/24] }
                  - name: busy
                    file: { path: %s, pass-when: absent }
                    interval: 100ms
                    rise: 1
                    fall: 1
                    on-failure: { degrade: { med: 500 } }
                    match: { prefixes: [192.0.2.0/24] }
                """.formatted(web, busy);
        try (RunningHerald h = new RunningHerald(dir, yaml)) {
            r1.awaitUp();
            AdminCliTest.awaitSent(h, 4);
            assertEquals("", holds(peer(h)), "every check healthy: nothing held");
            assertFalse(h.cli("peers").out().contains("HEALTH"), "no HEALTH column while nothing is held");

            Files.createFile(web);
            Files.createFile(busy);
            JsonNode p = awaitHolds(h, "web withdrawn 2;busy degraded 1;");
            assertEquals(2, p.get("prefixes_sent").get("ipv4-unicast").asInt(), "the degraded one and the free one");
            String webSince = p.get("health_holds").get(0).get("since").asString();
            JsonNode status = Json.parse(h.cli("status", "--json").out().getBytes()).get("health_checks");
            assertEquals(status.get(0).get("since").asString(), webSince, "since the check went Down");

            String table = h.cli("peers").out();
            assertTrue(table.matches("(?s)PEER .* HEALTH +FLAPS.*\nr1 .* web 2 withdrawn, busy 1 degraded +0 .*"), table);
            String detail = h.cli("peers", "r1").out();
            assertTrue(detail.contains("  health check  web: 2 prefix(es) withdrawn since " + webSince + "\n"), detail);
            assertTrue(detail.matches("(?s).*\n  health check  busy: 1 prefix\\(es\\) degraded since \\S+\n.*"), detail);

            // One of web's routes is gone from the config: the count follows it, no table walk needed.
            Files.writeString(dir.resolve("herald.yaml"), yaml.replaceAll("(?m)^ *- prefix: 198\\.51\\.100\\.0/24\n", ""));
            RunningHerald.Result reload = h.cli("reload");
            assertEquals(0, reload.exit(), reload::toString);
            awaitHolds(h, "web withdrawn 1;busy degraded 1;");

            Files.delete(web);
            Files.delete(busy);
            awaitHolds(h, "");
            assertFalse(h.cli("peers").out().contains("HEALTH"), "the column goes with the holds");
        }
    }
}
