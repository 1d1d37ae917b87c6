package dev.herald.interop.compare;

import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, Bulk: 1,000,000 IPv4 + 250,000 IPv6 prefixes from each sender in turn (herald, BIRD
 * 2.17, GoBGP 3.36, FRR 10.3) to two receivers, BIRD 2.17 and FRR 10.3, all on one LAN
 * ({@link BenchLan}); time from the session Established at the receiver to the receiver holding
 * every prefix. Figures, not a test: writes bulk-bird.json and bulk-frr.json for
 * interop-tests/lab/bench-report.py. Run (as root, the trixie rootfs built):
 * <pre>
 * ./mvnw -B -pl interop-tests -am verify -Dit.test=CompareBulkBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dherald.bench.runs=N} (default 3) runs per sender to BIRD; GoBGP 1 run
 * ({@code -Dherald.bench.bulk.runs.gobgp=N}: loading the set into gobgpd takes minutes); FRR as the
 * receiver only in the first run of each sender ({@code -Dherald.bench.bulk.frr.runs=N}: it takes the
 * set in several times slower than BIRD, whoever sends); {@code -Dherald.bench.v4/v6} a smaller set
 * for a quick try.
 */
class CompareBulkBenchmark {
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(600);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(600);

    @Test
    void bulkTransferToBirdAndFrr() throws Exception {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.BIRD_TRIXIE.require();
        RouterKind.FRR_TRIXIE.require();
        RouterKind.GOBGP_TRIXIE.require();
        BulkRoutes routes = BulkRoutes.fromProperties();
        long start = System.nanoTime();
        try (BenchLan lan = BenchLan.create("compare-bulk", 2, 1)) {
            Router bird = lan.own(RouterKind.BIRD_TRIXIE.start(lan.receiverNs(1), Bench.receiverConfig(lan, 1, 1),
                    lan.logDir().resolve("bird-receiver")));
            Router frr = lan.own(RouterKind.FRR_TRIXIE.start(lan.receiverNs(2), Bench.receiverConfig(lan, 2, 1),
                    lan.logDir().resolve("frr-receiver")));
            List<Receiver> receivers = List.of(Receiver.of(bird, Bench.senderAddresses(lan, 1)),
                    Receiver.of(frr, Bench.senderAddresses(lan, 1)));
            for (Receiver r : receivers) {
                r.enable(false);
            }
            List<Sender.Session> sessions = List.of(Bench.sessions(lan, 1, 1).getFirst(), Bench.sessions(lan, 2, 1).getFirst());
            List<Map<String, CompareResult.Row>> rows = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
            for (String impl : Bench.SENDERS) {
                int runs = Bench.runs("bulk", impl, impl.equals("GoBGP") ? 1 : Bench.suiteRuns());
                int toFrrRuns = Integer.getInteger("herald.bench.bulk.frr.runs", 1);
                List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>());
                List<String> loads = new ArrayList<>();
                String version = "";
                String note = "";
                try {
                    if (impl.equals("FRR")) {
                        long t = System.nanoTime();
                        FrrSender.installKernelRoutes(lan, routes, lan.logDir());
                        System.err.printf(Locale.ROOT, "[bench] bulk: %,d kernel routes installed for FRR in %.1f s%n", routes.total(),
                                (System.nanoTime() - t) / 1e9);
                    }
                    for (int run = 1; run <= runs; run++) {
                        Path dir = lan.logDir().resolve(impl.toLowerCase(Locale.ROOT) + "-" + run);
                        long t = System.nanoTime();
                        try (Sender s = Sender.start(impl, lan, sessions, routes, dir)) {
                            version = s.version();
                            Bench.awaitLoaded(s, routes.total(), LOAD_TIMEOUT);
                            loads.add(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) / 1e9));
                            // Both receivers from one sender process, one after the other; which goes first alternates.
                            // FRR takes in 1.25M prefixes several times slower than BIRD whoever sends: by default
                            // it gets the first run only, to keep the suite within its time.
                            List<Integer> order = run > toFrrRuns ? List.of(0) : run % 2 == 1 ? List.of(0, 1) : List.of(1, 0);
                            for (int ri : order) {
                                double secs = Bench.transfer(s, receivers.get(ri), routes.total(), RUN_TIMEOUT);
                                times.get(ri).add(secs);
                                System.err.printf(Locale.ROOT, "[bench] bulk: %s %s -> %s run %d: %.2f s%n", impl, version,
                                        receivers.get(ri).label(), run, secs);
                            }
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    note = "stopped after " + times.get(0).size() + " run(s): " + Bench.brief(e);
                    System.err.println("[bench] bulk: " + impl + " failed: " + e);
                } finally {
                    if (impl.equals("GoBGP")) {
                        GoBgpSender.removeFile(lan);
                    }
                }
                String loadNote = loads.isEmpty() ? "" : "sender start to all prefixes loaded (not timed): " + String.join(", ", loads) + " s";
                for (int ri = 0; ri < 2; ri++) {
                    List<String> parts = new ArrayList<>();
                    if (!note.isEmpty()) {
                        parts.add(note);
                    }
                    if (impl.equals("GoBGP") && runs == 1) {
                        parts.add("1 run: loading 1.25M routes into gobgpd takes minutes (-Dherald.bench.bulk.runs.gobgp=N for more)");
                    }
                    if (ri == 1 && runs > 1 && toFrrRuns < runs) {
                        parts.add("FRR as receiver gets the first " + toFrrRuns + " run(s) only (-Dherald.bench.bulk.frr.runs=N)");
                    }
                    if (!loadNote.isEmpty()) {
                        parts.add(loadNote);
                    }
                    String n = String.join("; ", parts);
                    rows.get(ri).put(impl, new CompareResult.Row(impl, version, times.get(ri), n));
                }
                write(routes, receivers, rows, false); // after each sender: a run cut short keeps what it measured
            }
            write(routes, receivers, rows, true);
        }
        System.err.printf(Locale.ROOT, "[bench] bulk scenario took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static void write(BulkRoutes routes, List<Receiver> receivers, List<Map<String, CompareResult.Row>> rows, boolean print) {
        String[] ids = {"bulk-bird", "bulk-frr"};
        for (int ri = 0; ri < 2; ri++) {
            Receiver r = receivers.get(ri);
            CompareResult res = new CompareResult(ids[ri],
                    String.format(Locale.ROOT, "Bulk: %,d IPv4 + %,d IPv6 prefixes to %s", routes.v4(), routes.v6(), r.label()),
                    "s", r.label(), "herald at most 1.0x BIRD's time and at most 0.2x GoBGP's", method(routes),
                    new ArrayList<>(rows.get(ri).values()));
            Path f = res.write();
            if (print) {
                System.err.println("[bench] " + res.title() + ": " + summary(res) + " -> " + f);
            }
        }
    }

    static String method(BulkRoutes routes) {
        return String.format(Locale.ROOT, "Each sender starts cold in its namespace with the session configured while the receiver"
                + " keeps it shut; once the sender holds all %,d prefixes (herald: a static prefix file; BIRD: static"
                + " protocols of blackhole routes; GoBGP: `gobgp mrt inject global` of an MRT table dump; FRR: `redistribute"
                + " kernel` of blackhole routes in its namespace's table) the receiver opens it. Timed from the first poll"
                + " (every 20 ms) showing the session Established at the receiver to the first poll (every 100 ms) showing"
                + " every prefix received (BIRD: `show protocols all` imported counts; FRR: `show bgp summary json`"
                + " pfxRcd). One sender process per run serves both receivers in turn (alternating which goes first); the"
                + " receiver shuts the session and drops the routes in between. Receivers install nothing in the kernel"
                + " (BIRD: no kernel protocol; FRR: `bgp no-rib`). All on one bridge in the sender's namespace; hold time 600 s on"
                + " every session (with 90 s, gobgpd's session expired before its first UPDATE on this machine).", routes.total());
    }

    static String summary(CompareResult res) {
        StringBuilder b = new StringBuilder();
        for (CompareResult.Row row : res.rows()) {
            b.append(b.length() == 0 ? "" : "; ").append(row.impl()).append(' ').append(row.version()).append(' ')
                    .append(Bench.fmt(row.runs())).append(' ').append(res.unit());
        }
        return b.toString();
    }
}
