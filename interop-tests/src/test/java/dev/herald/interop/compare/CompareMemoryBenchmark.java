package dev.herald.interop.compare;

import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, Memory: each sender in turn holding the bulk set (1,000,000 IPv4 + 250,000 IPv6) with
 * 8 sessions, to one BIRD 2.17 with 8 protocols on 8 address pairs; once every session has
 * delivered every prefix and 2 s more, the sender's resident memory (VmRSS summed over its processes). Figures,
 * not a test: writes memory.json for interop-tests/lab/bench-report.py. Run (as root):
 * <pre>
 * ./mvnw -B -pl interop-tests -am verify -Dit.test=CompareMemoryBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Runs per sender: {@code -Dherald.bench.memory.runs=N} (default 1: resident memory varies little
 * from run to run, and each run moves 10,000,000 routes), {@code -Dherald.bench.memory.runs.gobgp=N}.
 */
class CompareMemoryBenchmark {
    static final int SESSIONS = 8;
    static final Duration TIMEOUT = Duration.ofSeconds(900);
    static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(Long.getLong("herald.bench.memory.timeout", 480));
    /** From the last prefix at the receiver to reading the sender's memory: the sender's last writes and timers done. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    @Test
    void residentMemoryWithEightPeers() throws Exception {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.BIRD_TRIXIE.require();
        RouterKind.FRR_TRIXIE.require();
        RouterKind.GOBGP_TRIXIE.require();
        BulkRoutes routes = BulkRoutes.fromProperties();
        long start = System.nanoTime();
        List<CompareResult.Row> rows = new ArrayList<>();
        String receiverLabel;
        try (BenchLan lan = BenchLan.create("compare-memory", 1, SESSIONS)) {
            Router bird = lan.own(RouterKind.BIRD_TRIXIE.start(lan.receiverNs(1), Bench.receiverConfig(lan, 1, SESSIONS),
                    lan.logDir().resolve("bird-receiver")));
            Receiver receiver = Receiver.of(bird, Bench.senderAddresses(lan, SESSIONS));
            receiverLabel = receiver.label();
            receiver.enable(false);
            List<Sender.Session> sessions = Bench.sessions(lan, 1, SESSIONS);
            long want = routes.total() * SESSIONS;
            for (String impl : Bench.SENDERS) {
                int runs = Bench.runs("memory", impl, 1);
                List<Double> mib = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                String version = "";
                String note = "";
                try {
                    if (impl.equals("FRR")) {
                        FrrSender.installKernelRoutes(lan, routes, lan.logDir());
                    }
                    for (int run = 1; run <= runs; run++) {
                        Path dir = lan.logDir().resolve(impl.toLowerCase(Locale.ROOT) + "-" + run);
                        try (Sender s = Sender.start(impl, lan, sessions, routes, dir)) {
                            version = s.version();
                            Bench.awaitLoaded(s, routes.total(), TIMEOUT);
                            double secs = Bench.transfer(s, receiver, want, TRANSFER_TIMEOUT, () -> {
                                Bench.sleep(SETTLE);
                                Map<String, Long> rss = s.rssKiB();
                                long total = rss.values().stream().mapToLong(Long::longValue).sum();
                                mib.add(total / 1024.0);
                                StringBuilder b = new StringBuilder();
                                rss.forEach((p, kib) -> b.append(b.length() == 0 ? "" : " + ").append(p).append(' ').append(kib / 1024));
                                parts.add(b + " MiB");
                            });
                            System.err.printf(Locale.ROOT, "[bench] memory: %s %s run %d: %.0f MiB (%s), %d sessions x %,d prefixes"
                                    + " delivered in %.1f s%n", impl, version, run, mib.getLast(), parts.getLast(), SESSIONS,
                                    routes.total(), secs);
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    note = "stopped after " + mib.size() + " run(s): " + Bench.brief(e) + "; ";
                    System.err.println("[bench] memory: " + impl + " failed: " + e);
                } finally {
                    if (impl.equals("GoBGP")) {
                        GoBgpSender.removeFile(lan);
                    }
                }
                rows.add(new CompareResult.Row(impl, version, mib, note + (parts.isEmpty() ? "" : "VmRSS by process: "
                        + String.join("; ", parts)) + (impl.equals("herald") ? " (JVM default heap, as shipped)" : "")));
                result(routes, receiverLabel, rows).write(); // after each sender: a run cut short keeps what it measured
            }
        }
        CompareResult res = result(routes, receiverLabel, rows);
        Path f = res.write();
        System.err.println("[bench] " + res.title() + ": " + CompareBulkBenchmark.summary(res) + " -> " + f);
        System.err.printf(Locale.ROOT, "[bench] memory scenario took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static CompareResult result(BulkRoutes routes, String receiverLabel, List<CompareResult.Row> rows) {
        return new CompareResult("memory",
                String.format(Locale.ROOT, "Memory: sender holding %,d IPv4 + %,d IPv6 prefixes with %d peers", routes.v4(),
                        routes.v6(), SESSIONS),
                "MiB", receiverLabel, "herald at most 1.5x BIRD's resident memory", String.format(Locale.ROOT,
                "Each sender starts cold with %d sessions to one %s (%d BGP protocols, one address pair each, all on one"
                        + " bridge), loads the bulk set as in Bulk, then the receiver opens all sessions. Once every"
                        + " session has delivered all %,d prefixes (`show protocols all` imported counts) and 2 s later, the sender's"
                        + " resident memory: VmRSS from /proc/PID/status summed over its processes (herald: the JVM as"
                        + " shipped, no heap options; BIRD: bird; GoBGP: gobgpd; FRR: mgmtd + zebra + bgpd, zebra holding"
                        + " the kernel routes FRR redistributes).", SESSIONS, receiverLabel, SESSIONS, routes.total()),
                rows);
    }
}
