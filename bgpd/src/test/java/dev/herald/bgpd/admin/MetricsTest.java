package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.LoopbackRouter;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a running herald, scraped over HTTP and parsed strictly. */
class MetricsTest {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    /**
     * Parses the text format (0.0.4) as strictly as Prometheus, failing on anything it would refuse
     * or that breaks its conventions: every line is a HELP, a TYPE or a sample; HELP and TYPE once
     * per family, HELP first, before its samples; a family's samples together, named after it (a
     * histogram's {@code _bucket} with {@code le}, {@code _sum}, {@code _count}); label names valid
     * and not repeated, values correctly escaped; a series only once; values numbers, NaN or ±Inf;
     * a counter named {@code _total}/{@code _count}/{@code _sum}; histogram buckets cumulative, the
     * {@code +Inf} one equal to {@code _count}. Returns each series (name and labels as written) to
     * its value.
     */
    static Map<String, Double> parse(String text) {
        assertTrue(text.endsWith("\n"), "the last line ends with a line feed");
        Map<String, Double> samples = new java.util.LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> declared = new HashSet<>();
        String current = null;
        String type = null;
        Map<String, Double> lastBucket = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher h = HELP.matcher(line);
            if (h.matches()) {
                assertTrue(helped.add(h.group(1)), "HELP twice: " + h.group(1));
                assertFalse(declared.contains(h.group(1)), "HELP after TYPE: " + line);
                assertFalse(h.group(2).isBlank(), "empty HELP: " + line);
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                assertTrue(declared.add(t.group(1)), "declared twice: " + t.group(1));
                assertTrue(helped.contains(t.group(1)), "TYPE without HELP: " + t.group(1));
                current = t.group(1);
                type = t.group(2);
                if (type.equals("counter")) {
                    assertTrue(current.matches(".*(_total|_count|_sum)"), "counter name " + current);
                }
                continue;
            }
            assertFalse(line.startsWith("#"), "unknown comment: " + line);
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "bad line: " + line);
            String name = m.group(1);
            Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), line);
            if ("histogram".equals(type)) {
                assertTrue(name.equals(current + "_bucket") || name.equals(current + "_sum") || name.equals(current + "_count"),
                        "sample outside its histogram: " + line);
            } else {
                assertEquals(current, name, "sample outside its family: " + line);
            }
            assertTrue(name.startsWith("herald_") || name.startsWith("jvm_") || name.startsWith("process_")
                    || name.startsWith("netty_"), line);
            double v = switch (m.group(4)) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(m.group(4));
            };
            String series = name + (m.group(2) == null ? "" : m.group(2));
            assertTrue(samples.put(series, v) == null, "series twice: " + line);
            if (name.endsWith("_bucket") && "histogram".equals(type)) {
                String le = labels.remove("le");
                assertTrue(le != null, "bucket without le: " + line);
                String others = current + labels;
                Double before = lastBucket.put(others, v);
                assertTrue(before == null || before <= v, "buckets not cumulative: " + line);
                if (le.equals("+Inf")) {
                    lastBucket.remove(others);
                    String count = current + "_count" + m.group(2).replaceAll(",?le=\"\\+Inf\"", "");
                    samples.put("+Inf of " + count, v);
                }
            } else if (name.endsWith("_count") && "histogram".equals(type)) {
                assertEquals(samples.remove("+Inf of " + series), v, "+Inf bucket equals _count: " + line);
            }
        }
        assertTrue(samples.keySet().stream().noneMatch(k -> k.startsWith("+Inf of ")), "a histogram without _count");
        return samples;
    }

    /** The labels of one sample, checked: valid names, each once, values escaped as the format says. */
    private static Map<String, String> labels(String text, String line) {
        Map<String, String> out = new java.util.TreeMap<>();
        Matcher l = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            assertTrue(l.find(at) && l.start() == at, "bad labels: " + line);
            assertTrue(out.put(l.group(1), l.group(2)) == null, "label twice: " + line);
            at = l.end();
        }
        return out;
    }

    @Test
    void scrapedAndParsed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String yaml = AdminCliTest.config(dir.resolve("herald.sock"), router, "203.0.113.0/24", "198.51.100.0/24")
                // A real netlink reader that finds nothing here. An unused table: the host's main table
                // holds routes through the links other tests' namespaces add and drop, and a link going
                // down under a kept IPv4 route is a resync (counted below), so main made the count racy.
                .source("kernel: { tables: [4242], prefixes: [\"192.0.2.0/24 ge 32\"] }")
                // an OVN source whose Southbound is not there: its last known (empty) set kept, the state shown
                .source("ovn: { remote: \"unix:" + dir.resolve("no-sb.sock") + "\", chassis: gw1 }")
                .top("metrics:\n  listen: 127.0.0.1:" + port).build();
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
            // Sync lag: the static source's view (read at start) and the kernel source's first dump were applied.
            for (String src : new String[] {"static", "kernel"}) {
                double count = m.get("herald_source_sync_lag_seconds_count{source=\"" + src + "\"}");
                assertTrue(count >= 1, src + " views applied: " + count);
                double lastLag = m.get("herald_source_last_sync_lag_seconds{source=\"" + src + "\"}");
                assertTrue(lastLag >= 0 && lastLag < 600, src + " last lag " + lastLag);
                assertTrue(m.get("herald_source_sync_lag_seconds_sum{source=\"" + src + "\"}") >= lastLag);
                assertEquals(count, m.get("herald_source_sync_lag_seconds_bucket{source=\"" + src + "\",le=\"60\"}"),
                        "no start-up view took a minute");
            }
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
            // JVM and Netty: present, and plausible for a JVM that has just sent UPDATEs.
            assertTrue(m.get("jvm_memory_committed_bytes{area=\"heap\"}") >= m.get("jvm_memory_used_bytes{area=\"heap\"}"));
            assertTrue(m.get("jvm_memory_used_bytes{area=\"nonheap\"}") > 0);
            assertTrue(m.get("jvm_threads_current") > 1);
            assertTrue(m.containsKey("jvm_buffer_pool_used_bytes{pool=\"direct\"}"), m.keySet()::toString);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count{gc=")));
            assertTrue(m.get("process_cpu_seconds_total") > 0);
            String allocator = io.netty.buffer.ByteBufAllocator.DEFAULT.getClass().getSimpleName();
            assertTrue(m.get("netty_allocator_used_bytes{allocator=\"" + allocator + "\",memory=\"direct\"}") > 0,
                    "the UPDATEs were encoded into Netty's direct buffers: " + m.keySet());
            assertTrue(m.containsKey("netty_allocator_used_bytes{allocator=\"" + allocator + "\",memory=\"heap\"}"));
            assertTrue(m.get("netty_direct_memory_used_bytes") >= 0);

            h.cli("peer", "r1", "disable", "-m", "x");
            router.awaitDown();
            AdminCliTest.awaitState(h, "Idle");
            Map<String, Double> after = parse(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1.0, after.get("herald_peer_state{peer=\"r1\"}"), "Idle");
            assertEquals(1.0, after.get("herald_peer_flaps_total{peer=\"r1\"}"));
            assertEquals(1.0, after.get("herald_peer_admin_down{peer=\"r1\"}"));
            assertEquals(6.0, after.get("herald_peer_last_error_code{peer=\"r1\"}"), "Cease");
            // Cease/2 went out inside a Hard Reset (both sides set the N bit): the wire's message counts.
            assertEquals(9.0, after.get("herald_peer_last_error_subcode{peer=\"r1\"}"), "Hard Reset");
            assertEquals(1.0, after.get("herald_peer_messages_sent_total{peer=\"r1\",type=\"notification\"}"));

            // The docs and the dashboard name only metrics that exist, and the docs list all of them.
            Set<String> families = new HashSet<>();
            Matcher declared = TYPE.matcher("");
            for (String line : r.body().split("\n")) {
                if (declared.reset(line).matches()) {
                    families.add(declared.group(1));
                }
            }
            PromText pooled = new PromText(); // the families only the pooled allocator has
            Metrics.netty(pooled, new io.netty.buffer.PooledByteBufAllocator(false));
            for (String line : pooled.toString().split("\n")) {
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
                String family = used.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertTrue(families.contains(used.group(1)) || r.body().contains("# TYPE " + family + " histogram"),
                        "no such metric: " + used.group(1));
            }

            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
