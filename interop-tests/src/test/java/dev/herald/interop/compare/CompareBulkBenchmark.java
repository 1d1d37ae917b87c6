package dev.herald.interop.compare;

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
 * Issue 10, Bulk and Memory from one loaded sender: each sender in turn ({@link Senders}: herald,
 * BIRD 2.17, 3.4 and 2.20, GoBGP 3.36 and 4.8, FRR 10.3 and 10.7) is started once with 9 sessions
 * (8 to a BIRD 2.17 receiver, 1 to an FRR 10.7 receiver, all on one LAN, {@link BenchLan}) and loads 1,000,000 IPv4 + 250,000 IPv6 prefixes
 * once; loading 1.25M routes into gobgpd or FRR takes minutes, so every run of both scenarios reuses it.
 * <ul>
 * <li>Bulk: BIRD's first session alone, then FRR's: time from the session Established at the
 *     receiver to the receiver holding every prefix, and the sender's CPU seconds over that time
 *     (bulk-bird.json, bulk-frr.json);
 * <li>Memory (between the runs to BIRD and to FRR): all 8 BIRD sessions at once; once they have delivered every prefix and 2 s more,
 *     the sender's resident memory (memory.json).
 * </ul>
 * Figures, not a test, for interop-tests/lab/bench-report.py. Run (as root, the trixie rootfs built):
 * <pre>
 * ./mvnw -B -pl interop-tests -am verify -Dit.test=CompareBulkBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Runs per sender to BIRD: {@code -Dherald.bench.runs=N} (3) for herald and the BIRDs, 1 for the GoBGPs and FRRs
 * ({@code -Dherald.bench.bulk.runs.gobgp=N}, {@code .frr}, {@code .frr-10.7} ({@link Senders#key}): theirs take minutes); to FRR
 * {@code -Dherald.bench.bulk.frr.runs=N} (1); Memory 1 run. Budgets: a Bulk run
 * {@code -Dherald.bench.bulk.budget=S} (120 s), the Memory run {@code -Dherald.bench.memory.budget=S}
 * (150 s); a run over budget is reported as "&gt; budget". {@code -Dherald.bench.v4/v6} a smaller set.
 */
class CompareBulkBenchmark {
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(600);
    static final Duration BUDGET = Duration.ofSeconds(Long.getLong("herald.bench.bulk.budget", 120));
    static final Duration MEMORY_BUDGET = Duration.ofSeconds(Long.getLong("herald.bench.memory.budget", 150));
    static final int SESSIONS = 8;
    /** From the last prefix at the receiver to reading the sender's memory: the sender's last writes and timers done. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** One receiver's figures for one sender. */
    static final class Runs {
        final List<Double> times = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        Double over;
    }

    @Test
    void bulkAndMemoryFromOneLoadedSender() throws Exception {
        Bench.requireAllSenders();
        BulkRoutes routes = BulkRoutes.fromProperties();
        long start = System.nanoTime();
        try (BenchLan lan = BenchLan.create("compare-bulk", 2, SESSIONS)) {
            Router bird = lan.own(RouterKind.BIRD_TRIXIE.start(lan.receiverNs(1), Bench.receiverConfig(lan, 1, SESSIONS),
                    lan.logDir().resolve("bird-receiver")));
            Router frr = lan.own(RouterKind.FRR_SID.start(lan.receiverNs(2), Bench.receiverConfig(lan, 2, 1),
                    lan.logDir().resolve("frr-receiver")));
            Receiver birdAll = Receiver.of(bird, Bench.senderAddresses(lan, SESSIONS));
            List<Receiver> receivers = List.of(Receiver.of(bird, Bench.senderAddresses(lan, 1)),
                    Receiver.of(frr, Bench.senderAddresses(lan, 1)));
            birdAll.enable(false);
            receivers.get(1).enable(false);
            List<Sender.Session> sessions = new ArrayList<>(Bench.sessions(lan, 1, SESSIONS));
            sessions.add(Bench.sessions(lan, 2, 1).getFirst());
            List<Map<String, CompareResult.Row>> rows = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
            Map<String, CompareResult.Row> memoryRows = new LinkedHashMap<>();
            int toFrrRuns = Integer.getInteger("herald.bench.bulk.frr.runs", 1);
            for (String impl : Bench.senders()) {
                long senderStart = System.nanoTime();
                int toBirdRuns = Bench.runs("bulk", impl, Senders.slow(impl) ? 1 : Bench.suiteRuns());
                List<Runs> bulk = List.of(new Runs(), new Runs());
                List<Double> mib = new ArrayList<>();
                List<String> memoryNotes = new ArrayList<>();
                String version = "";
                String failed = "";
                String load = "";
                try {
                    long t = System.nanoTime();
                    Sender.prepareInput(impl, lan, routes);
                    try (Sender s = Sender.start(impl, lan, sessions, routes, lan.logDir().resolve(Senders.key(impl)))) {
                        version = s.version();
                        Bench.awaitLoaded(s, routes.total(), LOAD_TIMEOUT);
                        load = String.format(Locale.ROOT, "sender start to all prefixes loaded (once, not timed): %.1f s",
                                (System.nanoTime() - t) / 1e9);
                        System.err.println("[bench] bulk: " + impl + " " + load);
                        for (int ri = 0; ri < 2; ri++) {
                            int runs = ri == 0 ? toBirdRuns : toFrrRuns;
                            for (int run = 1; run <= runs; run++) {
                                Runs r = bulk.get(ri);
                                try {
                                    double cpu0 = s.cpuSeconds();
                                    double[] cpu1 = {cpu0};
                                    double secs = Bench.transfer(s, receivers.get(ri), routes.total(), BUDGET,
                                            () -> cpu1[0] = s.cpuSeconds()); // read once all arrived, before the sessions shut
                                    r.times.add(secs);
                                    r.cpu.add(cpu1[0] - cpu0);
                                    System.err.printf(Locale.ROOT, "[bench] bulk: %s %s -> %s run %d: %.2f s%n", impl, version,
                                            receivers.get(ri).label(), run, secs);
                                } catch (Bench.OverBudget e) {
                                    r.over = e.budgetSeconds;
                                    r.notes.add(String.format(Locale.ROOT, "run %d over the budget of %.0f s (%,d of %,d prefixes"
                                            + " received by then)", run, e.budgetSeconds, e.received, routes.total()));
                                    System.err.println("[bench] bulk: " + impl + " " + e.getMessage());
                                    break; // the next run would not finish either
                                }
                            }
                            if (ri == 0) {
                                // Before FRR: a run to FRR over budget leaves a slow sender busy for minutes.
                                memory(s, birdAll, routes, mib, memoryNotes);
                            }
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    failed = "stopped: " + Bench.brief(e);
                    System.err.println("[bench] bulk/memory: " + impl + " failed: " + e);
                } finally {
                    Sender.removeInput(impl, lan);
                }
                for (int ri = 0; ri < 2; ri++) {
                    Runs r = bulk.get(ri);
                    int planned = ri == 0 ? toBirdRuns : toFrrRuns;
                    List<String> parts = new ArrayList<>();
                    if (!failed.isEmpty()) {
                        parts.add(failed);
                    }
                    parts.addAll(r.notes);
                    if (ri == 0 && Senders.slow(impl) && planned == 1) {
                        parts.add("1 run: one takes minutes (-Dherald.bench.bulk.runs." + Senders.key(impl) + "=N for more)");
                    }
                    if (ri == 1 && planned < toBirdRuns) {
                        parts.add(planned + " run(s) to FRR (-Dherald.bench.bulk.frr.runs=N)");
                    }
                    if (!load.isEmpty()) {
                        parts.add(load);
                    }
                    rows.get(ri).put(impl, new CompareResult.Row(impl, version, r.times, String.join("; ", parts), r.over, r.cpu));
                }
                memoryRows.put(impl, new CompareResult.Row(impl, version, mib, (failed.isEmpty() ? "" : failed + "; ")
                        + String.join("; ", memoryNotes) + (impl.equals("herald") ? " (JVM options as shipped: jvm.options, ADR 0011)" : "")));
                write(routes, receivers, birdAll.label(), rows, memoryRows, false); // after each sender: a run cut short keeps what it measured
                System.err.printf(Locale.ROOT, "[bench] bulk/memory: %s took %.0f s%n", impl, (System.nanoTime() - senderStart) / 1e9);
            }
            write(routes, receivers, birdAll.label(), rows, memoryRows, true);
        }
        System.err.printf(Locale.ROOT, "[bench] bulk and memory scenario took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** All 8 BIRD sessions at once; the sender's VmRSS once they delivered everything, or at the budget (said in the note). */
    private static void memory(Sender s, Receiver birdAll, BulkRoutes routes, List<Double> mib, List<String> notes) {
        long want = routes.total() * SESSIONS;
        String[] rssText = {""};
        double[] rssMib = {0};
        Runnable read = () -> {
            Bench.sleep(SETTLE);
            Map<String, Long> rss = s.rssKiB();
            rssMib[0] = rss.values().stream().mapToLong(Long::longValue).sum() / 1024.0;
            StringBuilder b = new StringBuilder();
            rss.forEach((p, kib) -> b.append(b.length() == 0 ? "" : " + ").append(p).append(' ').append(kib / 1024));
            rssText[0] = b + " MiB";
        };
        try {
            double secs = Bench.transfer(s, birdAll, want, MEMORY_BUDGET, read);
            mib.add(rssMib[0]);
            notes.add("VmRSS by process: " + rssText[0]);
            System.err.printf(Locale.ROOT, "[bench] memory: %s run 1: %.0f MiB (%s), %d sessions x %,d prefixes delivered in %.1f s%n",
                    s.impl(), rssMib[0], rssText[0], SESSIONS, routes.total(), secs);
        } catch (Bench.OverBudget e) {
            mib.add(rssMib[0]);
            notes.add(String.format(Locale.ROOT, "read at the budget of %.0f s, still sending: %,d of %,d prefixes delivered by then;"
                    + " VmRSS by process: %s", e.budgetSeconds, e.received, want, rssText[0]));
            System.err.println("[bench] memory: " + s.impl() + " " + e.getMessage() + ", " + rssText[0]);
        }
    }

    static void write(BulkRoutes routes, List<Receiver> receivers, String memoryReceiver, List<Map<String, CompareResult.Row>> rows,
            Map<String, CompareResult.Row> memoryRows, boolean print) {
        String[] ids = {"bulk-bird", "bulk-frr"};
        List<CompareResult> out = new ArrayList<>();
        for (int ri = 0; ri < 2; ri++) {
            Receiver r = receivers.get(ri);
            out.add(new CompareResult(ids[ri],
                    String.format(Locale.ROOT, "Bulk: %,d IPv4 + %,d IPv6 prefixes to %s", routes.v4(), routes.v6(), r.label()),
                    "s", r.label(), ri == 0 ? "herald at most 1.0x BIRD's time and at most 0.2x GoBGP's"
                            : "herald at most 1.0x FRR's time (issue 21: FRR 10.3 as the sender)", method(routes),
                    new ArrayList<>(rows.get(ri).values())));
        }
        out.add(new CompareResult("memory",
                String.format(Locale.ROOT, "Memory: sender holding %,d IPv4 + %,d IPv6 prefixes with %d peers", routes.v4(),
                        routes.v6(), SESSIONS),
                "MiB", memoryReceiver, "herald at most 1.5x BIRD's resident memory", String.format(Locale.ROOT,
                "The Bulk sender, after its Bulk runs to BIRD and before the one to FRR (same process, same loaded set): %s opens all %d of its sessions"
                        + " to it at once (%d BGP protocols, one address pair each; the sender's 9th session, to FRR, stays"
                        + " shut). Once every session has delivered all %,d prefixes (`show protocols all` imported counts)"
                        + " and 2 s later, the sender's resident memory: VmRSS from /proc/PID/status summed over its"
                        + " processes (herald: the JVM with the jvm.options it ships with; BIRD: bird; GoBGP: gobgpd; FRR: mgmtd +"
                        + " zebra + bgpd, zebra holding the kernel routes FRR redistributes). One run per sender (resident"
                        + " memory varies little from run to run); a sender still sending after %d s is read then, and its"
                        + " note says how much it had delivered.", memoryReceiver, SESSIONS, SESSIONS, routes.total(),
                MEMORY_BUDGET.toSeconds()),
                new ArrayList<>(memoryRows.values())));
        for (CompareResult res : out) {
            Path f = res.write();
            if (print) {
                System.err.println("[bench] " + res.title() + ": " + summary(res) + " -> " + f);
            }
        }
    }

    static String method(BulkRoutes routes) {
        return String.format(Locale.ROOT, "Each sender is started once in its namespace with 9 sessions configured (8 to BIRD,"
                + " for Memory, and 1 to FRR) while the receivers keep them shut, and loads all %,d prefixes once (herald: a"
                + " static prefix file; BIRD: static protocols of blackhole routes; GoBGP: `gobgp mrt inject global` of an"
                + " MRT table dump; FRR: `redistribute kernel` of blackhole routes in its namespace's table); every run of"
                + " Bulk and Memory uses that one loaded process. A run: the receiver opens one session; timed from the first"
                + " poll (every 20 ms) showing it Established to the first poll (every 100 ms) showing every prefix received"
                + " (BIRD: `show protocols all` imported counts; FRR: `show bgp summary json` pfxRcd); then the receiver"
                + " shuts it and drops the routes. CPU: the sender's user + system seconds (/proc/PID/stat, over its"
                + " processes, children included) from just before the receiver opens the session to the poll that saw"
                + " every prefix. BIRD 3 runs 2 worker threads (one per CPU). Runs to BIRD: %d for herald and the BIRDs,"
                + " 1 for the GoBGPs and FRRs (theirs take minutes); to FRR: %d per sender. A run not done within %d s is reported as \"> %d\" and ends that"
                + " sender's runs to that receiver. Receivers install nothing in the kernel (BIRD: no kernel protocol; FRR:"
                + " `bgp no-rib`). All on one bridge in the sender's namespace; hold time 600 s on every session (with 90 s,"
                + " gobgpd's session expired before its first UPDATE on this machine).", routes.total(),
                Bench.runs("bulk", "herald", Bench.suiteRuns()), Integer.getInteger("herald.bench.bulk.frr.runs", 1),
                BUDGET.toSeconds(), BUDGET.toSeconds());
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
