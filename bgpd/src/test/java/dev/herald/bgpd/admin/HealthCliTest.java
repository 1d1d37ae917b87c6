package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.LoopbackRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A health check seen by an operator of a running herald: {@code herald status} (text and JSON),
 * {@code routes --explain} naming the check that holds a prefix back, and the per-check metrics,
 * which the strict exposition parser reads.
 */
class HealthCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter r1 = LoopbackRouter.perTest();

    private static JsonNode json(RunningHerald.Result r) {
        assertEquals(0, r.exit(), r::toString);
        return Json.parse(r.out().getBytes());
    }

    private static JsonNode check(RunningHerald h) {
        return json(h.cli("status", "--json")).get("health_checks").get(0);
    }

    @Test
    void statusExplainAndMetricsNameTheCheck() throws Exception {
        Path file = dir.resolve("maintenance");
        String yaml = AdminCliTest.config(dir.resolve("herald.sock"), r1, "203.0.113.0/24").build() + """
                health-checks:
                  - name: maintenance
                    file: { path: %s, pass-when: absent }
                    interval: 100ms
                    rise: 1
                    fall: 1
                    match: {}
                  - name: busy
                    file: { path: %s, pass-when: absent }
                    interval: 100ms
                    rise: 1
                    fall: 1
                    on-failure: { degrade: { med: 500 } }
                    match: {}
                """.formatted(file, dir.resolve("busy"));
        try (RunningHerald h = new RunningHerald(dir, yaml)) {
            r1.awaitUp();
            AdminCliTest.awaitSent(h, 1);
            Files.createFile(file);
            AdminCliTest.awaitSent(h, 0);
            JsonNode c = check(h);
            assertEquals("maintenance", c.get("name").asString());
            assertEquals("down", c.get("state").asString());
            assertEquals("withdrawn", c.get("routes").asString());
            assertEquals(2, c.get("transitions").asLong(), "Up (leaving Starting), then Down");
            assertEquals("failed", c.get("last_result").get("outcome").asString());
            assertTrue(c.get("last_result").get("detail").asString().contains("present"), c.toString());
            assertTrue(c.get("results").get("passed").asLong() >= 1, c.toString());

            String status = h.cli("status").out();
            assertTrue(status.matches("(?s).*\ncheck: +maintenance down since \\S+, 2 transition\\(s\\), routes withdrawn,"
                    + " last failed in \\d+\\.\\d{3} s \\(.*present.*\\)\n.*"), status);

            RunningHerald.Result why = h.cli("routes", "--explain", "203.0.113.0/24");
            assertTrue(why.out().contains("held back by health check maintenance, down since " + c.get("since").asString()),
                    why.out());
            JsonNode x = json(h.cli("routes", "--explain", "203.0.113.0/24", "--json"));
            assertEquals("health_check", x.get("peers").get(0).get("verdict").asString(), x.toString());

            try (Metrics m = new Metrics(h.daemon())) {
                Exposition.Parsed p = Exposition.text(m.scrape(Metrics.contentType("text/plain")));
                assertEquals(0, p.get("herald_health_check_up", "check", "maintenance"));
                assertEquals(0, p.get("herald_health_check_starting", "check", "maintenance"));
                assertEquals(2, p.get("herald_health_check_transitions_total", "check", "maintenance"));
                assertTrue(p.get("herald_health_check_results_total", "check", "maintenance", "outcome", "failed") >= 1);
                assertEquals(0, p.get("herald_health_check_results_total", "check", "maintenance", "outcome", "timed_out"));
                assertTrue(p.get("herald_health_check_last_duration_seconds", "check", "maintenance") > 0);
                Exposition.openMetrics(m.scrape(Metrics.contentType("application/openmetrics-text")));
            }

            Files.delete(file);
            AdminCliTest.awaitSent(h, 1);
            assertEquals("up", check(h).get("state").asString());
            assertEquals("normal", check(h).get("routes").asString());

            // A degrading check: the route is sent, and explain says which check degrades it.
            Files.createFile(dir.resolve("busy"));
            String degraded = "";
            for (int i = 0; i < 600 && !degraded.contains("med 500"); i++) {
                Thread.sleep(50);
                degraded = h.cli("routes", "--explain", "203.0.113.0/24").out();
            }
            assertTrue(degraded.matches("(?s).*\n  r1 +sent +next hop 192\\.0\\.2\\.1, .*med 500.*, update group \\d+,"
                    + " degraded by health check busy \\(down since \\S+\\)\n.*"), degraded);
        }
    }
}
