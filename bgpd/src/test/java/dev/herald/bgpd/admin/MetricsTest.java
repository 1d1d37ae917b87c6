package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a running herald, scraped over HTTP in both formats and parsed strictly. */
class MetricsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The text format, its content type checked. */
    private static Exposition.Parsed text(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = get(http, port, null);
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        return Exposition.text(r.body());
    }

    @Test
    void scrapedInBothFormatsAndParsed() throws Exception {
        int port = freePort();
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
            HttpResponse<String> r = get(http, port, null);
            Exposition.Parsed m = text(http, port);
            assertEquals(6.0, m.get("herald_peer_state", "peer", "r1"), "Established");
            assertEquals(1.0, m.get("herald_peer_up", "peer", "r1"));
            assertEquals(0.0, m.get("herald_peer_flaps_total", "peer", "r1"));
            assertEquals(2.0, m.get("herald_peer_prefixes_announced", "peer", "r1", "family", "ipv4-unicast"));
            assertEquals(1.0, m.get("herald_peer_info", "peer", "r1", "address", router.listen, "asn",
                    Long.toString(router.asn), "families", "ipv4-unicast"));
            assertEquals(1.0, m.get("herald_build_info", "version", "development", "java", Runtime.version().toString()));
            assertEquals(2.0, m.get("herald_rib_prefixes"));
            assertEquals(1.0, m.get("herald_update_groups"));
            assertEquals(1.0, m.sum("herald_update_group_members"));
            assertEquals(1.0, m.get("herald_source_up", "source", "static"));
            assertEquals(2.0, m.get("herald_source_prefixes", "source", "static"));
            assertEquals(1.0, m.get("herald_source_up", "source", "kernel"));
            assertTrue(m.get("herald_source_deliveries_total", "source", "static") >= 1);
            assertTrue(m.get("herald_source_deliveries_total", "source", "kernel") >= 1, "its first (empty) view");
            double last = m.get("herald_source_last_delivery_timestamp_seconds", "source", "static");
            assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - last) < 600, "a Unix time of this run: " + last);
            // Sync lag: the static source's view (read at start) and the kernel source's first dump were applied.
            for (String src : new String[] {"static", "kernel"}) {
                double count = m.get("herald_source_sync_lag_seconds_count", "source", src);
                assertTrue(count >= 1, src + " views applied: " + count);
                double lastLag = m.get("herald_source_last_sync_lag_seconds", "source", src);
                assertTrue(lastLag >= 0 && lastLag < 600, src + " last lag " + lastLag);
                assertTrue(m.get("herald_source_sync_lag_seconds_sum", "source", src) >= lastLag);
                assertEquals(count, m.get("herald_source_sync_lag_seconds_bucket", "source", src, "le", "60.0"),
                        "no start-up view took a minute");
            }
            assertEquals(0.0, m.get("herald_source_errors_total", "source", "kernel", "kind", "overflow"));
            assertEquals(0.0, m.get("herald_source_resyncs_total", "source", "kernel"));
            assertEquals(1.0, m.get("herald_source_up", "source", "ovn"));
            assertEquals(0.0, m.get("herald_source_connected", "source", "ovn"), "the Southbound is unreachable");
            assertTrue(m.get("herald_source_errors_total", "source", "ovn", "kind", "connect") >= 1);
            assertEquals(1.0, m.get("herald_peer_messages_sent_total", "peer", "r1", "type", "open"));
            assertEquals((double) router.updatesReceived(), m.get("herald_peer_messages_sent_total", "peer", "r1", "type",
                    "update"));
            assertEquals(1.0, m.get("herald_peer_messages_received_total", "peer", "r1", "type", "open"));
            assertTrue(m.get("herald_peer_uptime_seconds", "peer", "r1") >= 0);
            assertFalse(m.families().keySet().stream().anyMatch(f -> f.contains("bfd")), "no peer has BFD: no BFD series");
            // Micrometer's JVM, process and Netty binders: present, and plausible for a JVM that has just sent UPDATEs.
            assertTrue(m.sum("jvm_memory_used_bytes", "area", "heap") > 0);
            assertTrue(m.sum("jvm_memory_committed_bytes", "area", "heap") >= m.sum("jvm_memory_used_bytes", "area", "heap"));
            assertTrue(m.sum("jvm_memory_used_bytes", "area", "nonheap") > 0);
            assertTrue(m.has("jvm_buffer_memory_used_bytes", "id", "direct"));
            assertTrue(m.get("jvm_threads_live_threads") > 1);
            assertTrue(m.get("jvm_classes_loaded_classes") > 0);
            // GC pauses are one summary family (once a collection happened), not two counters named like a summary's parts.
            assertTrue(m.families().getOrDefault("jvm_gc_pause_seconds", "summary").equals("summary"));
            assertFalse(m.families().keySet().stream().anyMatch(f -> f.startsWith("jvm_gc_collection_seconds")));
            assertTrue(m.get("jvm_gc_memory_allocated_bytes_total") >= 0);
            assertTrue(m.get("process_files_open_files") > 0);
            assertTrue(m.get("process_uptime_seconds") > 0);
            assertTrue(m.get("process_cpu_time_ns_total") > 0);
            assertTrue(m.get("system_cpu_count") > 0);
            String allocator = io.netty.buffer.ByteBufAllocator.DEFAULT.getClass().getSimpleName();
            assertTrue(m.sum("netty_allocator_memory_used", "allocator_type", allocator, "memory_type", "direct") > 0,
                    "the UPDATEs were encoded into Netty's direct buffers: " + m.series().keySet());
            assertTrue(m.get("netty_direct_memory_used_bytes") >= 0);

            // OpenMetrics for a scraper that asks for it (Prometheus' own Accept header): the same series.
            HttpResponse<String> omr = get(http, port, "application/openmetrics-text;version=1.0.0,"
                    + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    omr.headers().firstValue("Content-Type").orElseThrow());
            Exposition.Parsed om = Exposition.openMetrics(omr.body());
            assertEquals("counter", om.families().get("herald_peer_flaps"), "OpenMetrics' counter family has no _total");
            assertEquals(0.0, om.get("herald_peer_flaps_total", "peer", "r1"));
            assertEquals(2.0, om.get("herald_peer_prefixes_announced", "peer", "r1", "family", "ipv4-unicast"));
            assertEquals(herald(m), herald(om), "herald's series, the same in both");
            assertEquals("info", om.families().get("herald_peer"));
            assertFalse(Exposition.text(get(http, port, "text/plain").body()).families().isEmpty());

            h.cli("peer", "r1", "disable", "-m", "x");
            router.awaitDown();
            AdminCliTest.awaitState(h, "Idle");
            Exposition.Parsed after = text(http, port);
            assertEquals(1.0, after.get("herald_peer_state", "peer", "r1"), "Idle");
            assertEquals(1.0, after.get("herald_peer_flaps_total", "peer", "r1"));
            assertEquals(1.0, after.get("herald_peer_admin_down", "peer", "r1"));
            assertEquals(6.0, after.get("herald_peer_last_error_code", "peer", "r1"), "Cease");
            // Cease/2 went out inside a Hard Reset (both sides set the N bit): the wire's message counts.
            assertEquals(9.0, after.get("herald_peer_last_error_subcode", "peer", "r1"), "Hard Reset");
            assertEquals(1.0, after.get("herald_peer_messages_sent_total", "peer", "r1", "type", "notification"));
            assertEquals(0.0, after.get("herald_peer_prefixes_announced", "peer", "r1", "family", "ipv4-unicast"),
                    "present with 0 while the session is down");
            assertEquals(0.0, after.get("herald_update_groups"));
            assertEquals(0, after.count("herald_update_group_members"), "the group went with its last member");

            docsAndDashboardName(m.families().keySet(), r.body());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /** An update group keeps its label when a reload resets its only member and the group is made again. */
    @Test
    void updateGroupLabelStableAcrossReload() throws Exception {
        int port = freePort();
        HeraldYaml.Peer r1 = HeraldYaml.Peer.loopback("r1", router);
        String metrics = "metrics:\n  listen: 127.0.0.1:" + port;
        try (RunningHerald h = new RunningHerald(dir, HeraldYaml.lab().admin(dir.resolve("herald.sock")).peer(r1)
                .statics("203.0.113.0/24").top(metrics).build()); HttpClient http = HttpClient.newHttpClient()) {
            router.awaitUp();
            AdminCliTest.awaitSent(h, 1);
            String group = groupLabel(text(http, port));
            h.writeConfig(HeraldYaml.lab().admin(dir.resolve("herald.sock")).peer(HeraldYaml.Peer.loopback("r1", router)
                    .line("hold-time: 60")).statics("203.0.113.0/24").top(metrics).build());
            RunningHerald.Result reload = h.cli("reload");
            assertTrue(reload.out().contains("peer r1 reset"), reload::toString);
            router.awaitDown();
            router.awaitUp();
            AdminCliTest.awaitSent(h, 1);
            Exposition.Parsed after = text(http, port);
            assertEquals(group, groupLabel(after), "the group made again has the label it had");
            assertEquals(1.0, after.get("herald_update_group_members", "group", group));
        }
    }

    private static Set<String> herald(Exposition.Parsed m) {
        return m.series().keySet().stream().filter(k -> k.startsWith("herald_") && !k.startsWith("herald_peer_uptime"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String groupLabel(Exposition.Parsed m) {
        var keys = m.series().keySet().stream().filter(k -> k.startsWith("herald_update_group_members{")).toList();
        assertEquals(1, keys.size(), keys::toString);
        Matcher g = Pattern.compile("group=\"([^\"]*)\"").matcher(keys.getFirst());
        assertTrue(g.find());
        return g.group(1);
    }

    /** The docs and the dashboard name only metrics that exist, and the docs list all of herald's. */
    private static void docsAndDashboardName(Set<String> families, String body) throws Exception {
        Set<String> all = new HashSet<>(families);
        // The families only the pooled allocator has.
        var pooled = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        Metrics.netty(pooled, new io.netty.buffer.PooledByteBufAllocator(false));
        all.addAll(Exposition.text(pooled.scrape()).families().keySet());
        // herald's families that have no series in this run (no group holding back, no family held back)
        all.addAll(new HeraldMeters(pooled).names());
        String doc = Files.readString(Path.of("../docs/metrics.md"));
        String current = doc.substring(0, doc.indexOf("## Renamed")); // the section after names what went
        String dashboard = Files.readString(Path.of("../docs/grafana/herald.json"));
        String alerts = Files.readString(Path.of("../docs/prometheus/alerts.yml"));
        for (String f : all) {
            if (f.startsWith("herald_") || f.startsWith("netty_")) {
                assertTrue(doc.contains("`" + f + "`"), "docs/metrics.md misses " + f);
            }
        }
        Matcher used = Pattern.compile("\\b((?:herald|jvm|process|netty|system)_[a-z0-9_]+)").matcher(dashboard + current + alerts);
        while (used.find()) {
            String family = used.group(1).replaceAll("_(bucket|sum|count)$", "");
            // jvm_gc_pause_seconds is there once the JVM has collected garbage, which this short run may not have
            assertTrue(all.contains(used.group(1)) || family.equals("jvm_gc_pause_seconds")
                    || body.contains("# TYPE " + family + " histogram")
                    || body.contains("# TYPE " + family + " summary"), "no such metric: " + used.group(1));
        }
    }
}
