package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a running herald, scraped over HTTP and parsed strictly. */
class MetricsTest {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})? (\\S+)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|untyped)");

    @TempDir
    Path dir;
    private LoopbackRouter router;

    @BeforeEach
    void router() throws Exception {
        System.setProperty("herald.state.dir", dir.toString());
        router = new LoopbackRouter(65001, "127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stop() {
        router.close();
        System.clearProperty("herald.state.dir");
    }

    /**
     * Parses the text format as Prometheus does, failing on anything it would refuse: a sample
     * before its TYPE, a family declared twice or split, a malformed line or value, a counter
     * without {@code _total}/{@code _count}/{@code _sum}.
     */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> declared = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                assertTrue(declared.add(t.group(1)), "declared twice: " + t.group(1));
                current = t.group(1);
                if (t.group(2).equals("counter")) {
                    assertTrue(current.matches(".*(_total|_count|_sum)"), "counter name " + current);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "bad line: " + line);
            assertEquals(current, m.group(1), "sample outside its family: " + line);
            assertTrue(m.group(1).startsWith("herald_") || m.group(1).startsWith("jvm_")
                    || m.group(1).startsWith("process_") || m.group(1).startsWith("netty_"), line);
            double v = switch (m.group(3)) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(m.group(3));
            };
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), v);
        }
        return samples;
    }

    @Test
    void scrapedAndParsed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String yaml = AdminCliTest.config(dir.resolve("herald.sock"), router.port, "203.0.113.0/24", "198.51.100.0/24")
                + "  kernel: { prefixes: [\"192.0.2.0/24 ge 32\"] }\n" // a real netlink reader that finds nothing here
                // an OVN source whose Southbound is not there: its last known (empty) set kept, the state shown
                + "  ovn: { remote: \"unix:" + dir.resolve("no-sb.sock") + "\", chassis: gw1 }\n"
                + "metrics:\n  listen: 127.0.0.1:" + port + "\n";
        try (RunningHerald h = new RunningHerald(dir, yaml); HttpClient http = HttpClient.newHttpClient()) {
            router.awaitUp();
            AdminCliTest.awaitSent(h, 2);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            Map<String, Double> m = parse(r.body());
            assertEquals(6.0, m.get("herald_peer_state{peer=\"r1\"}"), "Established");
            assertEquals(1.0, m.get("herald_peer_up{peer=\"r1\"}"));
            assertEquals(0.0, m.get("herald_peer_flaps_total{peer=\"r1\"}"));
            assertEquals(2.0, m.get("herald_peer_prefixes_announced{peer=\"r1\",family=\"ipv4-unicast\"}"));
            assertEquals(2.0, m.get("herald_rib_prefixes"));
            assertEquals(1.0, m.get("herald_update_groups"));
            assertEquals(1.0, m.entrySet().stream().filter(e -> e.getKey().startsWith("herald_update_group_members{"))
                    .mapToDouble(Map.Entry::getValue).sum());
            assertEquals(1.0, m.get("herald_source_up{source=\"static\"}"));
            assertEquals(2.0, m.get("herald_source_prefixes{source=\"static\"}"));
            assertEquals(1.0, m.get("herald_source_up{source=\"kernel\"}"));
            assertTrue(m.get("herald_source_deliveries_total{source=\"static\"}") >= 1);
            assertTrue(m.get("herald_source_deliveries_total{source=\"kernel\"}") >= 1, "its first (empty) view");
            double last = m.get("herald_source_last_delivery_timestamp_seconds{source=\"static\"}");
            assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - last) < 600, "a Unix time of this run: " + last);
            assertEquals(0.0, m.get("herald_source_errors_total{source=\"kernel\",kind=\"overflow\"}"));
            assertEquals(0.0, m.get("herald_source_resyncs_total{source=\"kernel\"}"));
            assertEquals(1.0, m.get("herald_source_up{source=\"ovn\"}"));
            assertEquals(0.0, m.get("herald_source_connected{source=\"ovn\"}"), "the Southbound is unreachable");
            assertTrue(m.get("herald_source_errors_total{source=\"ovn\",kind=\"connect\"}") >= 1);
            String status = h.cli("status").out();
            assertTrue(status.contains("ovn: chassis gw1; Southbound unreachable since")
                    && status.contains("keeping the last known set until it is back"), status);
            assertEquals(1.0, m.get("herald_peer_messages_sent_total{peer=\"r1\",type=\"open\"}"));
            assertEquals((double) router.updatesReceived(),
                    m.get("herald_peer_messages_sent_total{peer=\"r1\",type=\"update\"}"));
            assertEquals(1.0, m.get("herald_peer_messages_received_total{peer=\"r1\",type=\"open\"}"));
            assertTrue(m.get("herald_peer_uptime_seconds{peer=\"r1\"}") >= 0);
            assertTrue(m.get("jvm_memory_used_bytes{area=\"heap\"}") > 0);
            assertTrue(m.get("process_open_fds") > 0);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("netty_allocator_used_bytes")), m.keySet()::toString);

            h.cli("peer", "r1", "disable", "-m", "x");
            router.awaitDown();
            AdminCliTest.awaitState(h, "Idle");
            Map<String, Double> after = parse(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1.0, after.get("herald_peer_state{peer=\"r1\"}"), "Idle");
            assertEquals(1.0, after.get("herald_peer_flaps_total{peer=\"r1\"}"));
            assertEquals(1.0, after.get("herald_peer_admin_down{peer=\"r1\"}"));
            assertEquals(6.0, after.get("herald_peer_last_error_code{peer=\"r1\"}"), "Cease");
            assertEquals(2.0, after.get("herald_peer_last_error_subcode{peer=\"r1\"}"), "Administrative Shutdown");
            assertEquals(1.0, after.get("herald_peer_messages_sent_total{peer=\"r1\",type=\"notification\"}"));

            // The docs and the dashboard name only metrics that exist, and the docs list all of them.
            Set<String> families = new HashSet<>();
            Matcher declared = TYPE.matcher("");
            for (String line : r.body().split("\n")) {
                if (declared.reset(line).matches()) {
                    families.add(declared.group(1));
                }
            }
            String doc = java.nio.file.Files.readString(Path.of("../docs/metrics.md"));
            String dashboard = java.nio.file.Files.readString(Path.of("../docs/grafana/herald.json"));
            for (String f : families) {
                assertTrue(doc.contains("`" + f + "`") || doc.contains(f + "`"), "docs/metrics.md misses " + f);
            }
            Matcher used = Pattern.compile("\\b((?:herald|jvm|process|netty)_[a-z_]+)").matcher(dashboard + doc);
            while (used.find()) {
                assertTrue(families.contains(used.group(1)), "no such metric: " + used.group(1));
            }

            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
