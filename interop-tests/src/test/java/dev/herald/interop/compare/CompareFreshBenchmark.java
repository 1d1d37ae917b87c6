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
 * Issue 21, "fresh process" Bulk: each sender ({@link Senders}) started cold for every run, its
 * session to a BIRD 2.17 receiver open from the start; timed from the sender's first process
 * starting (the kernel's start time, so the harness writing the sender's route files is left
 * out) to the receiver holding every prefix: process start, config and route load, Established,
 * the full table. With it the sender's CPU seconds over that time (user + system of its processes,
 * children included) and, for herald, 20 calls of {@code herald peers} against it once it has sent
 * everything ({@link CliLatency}). herald starts as bin/herald starts it: jvm.options and the AOT
 * cache beside the jar ({@code Herald.javaCommand}).
 * <p>
 * Figures, not a test (fresh.json, cli.json). Runs: {@code -Dherald.bench.runs=N} (3) for herald
 * and the BIRDs, 1 for the GoBGPs and FRRs ({@code -Dherald.bench.fresh.runs.IMPL=N},
 * IMPL as {@link Senders#key}); budget a run {@code -Dherald.bench.fresh.budget=S} (180 s);
 * CLI calls {@code -Dherald.bench.cli.calls=N} (20).
 */
class CompareFreshBenchmark {
    static final Duration BUDGET = Duration.ofSeconds(Long.getLong("herald.bench.fresh.budget", 180));
    static final int CLI_CALLS = Integer.getInteger("herald.bench.cli.calls", 20);

    @Test
    void freshProcessToFullTable() throws Exception {
        Bench.requireAllSenders();
        BulkRoutes routes = BulkRoutes.fromProperties();
        long start = System.nanoTime();
        Map<String, CompareResult.Row> rows = new LinkedHashMap<>();
        List<Double> cli = new ArrayList<>();
        String[] cliNote = {"not measured"};
        String receiverLabel;
        try (BenchLan lan = BenchLan.create("compare-fresh", 1, 1)) {
            Router bird = lan.own(RouterKind.BIRD_TRIXIE.start(lan.receiverNs(1), Bench.receiverConfig(lan, 1, 1),
                    lan.logDir().resolve("bird-receiver")));
            Receiver receiver = Receiver.of(bird, Bench.senderAddresses(lan, 1));
            receiverLabel = receiver.label();
            receiver.enable(true);
            // herald's route file exists before its runs, as BIRD's, GoBGP's and FRR's inputs do: not timed.
            routes.writePrefixFile(lan.logDir().resolve("prefixes.txt"));
            for (String impl : Bench.senders()) {
                int runs = Bench.runs("fresh", impl, Senders.slow(impl) ? 1 : Bench.suiteRuns());
                List<Double> times = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                String version = "";
                Double over = null;
                try {
                    Sender.prepareInput(impl, lan, routes);
                    for (int run = 1; run <= runs; run++) {
                        Path dir = lan.logDir().resolve(Senders.key(impl) + "-" + run);
                        try (Sender s = Sender.start(impl, lan, Bench.sessions(lan, 1, 1), routes, dir)) {
                            double[] got = fullTable(s, receiver, routes.total());
                            times.add(got[0]);
                            cpu.add(got[1]);
                            System.err.printf(Locale.ROOT, "[bench] fresh: %s run %d: %.2f s, %.2f CPU s%n", impl, run, got[0], got[1]);
                            if (s instanceof HeraldSender h && cli.isEmpty() && CLI_CALLS > 0) {
                                cli.addAll(CliLatency.peers(h.socket(), CLI_CALLS));
                                cliNote[0] = "`" + CliLatency.launcher() + " peers --socket S`, " + CLI_CALLS
                                        + " calls one after another against the fresh sender of run " + run + " (1 peer, "
                                        + String.format(Locale.ROOT, "%,d", routes.total()) + " prefixes held); calls in ms: "
                                        + Bench.fmt(cli);
                                System.err.println("[bench] cli: " + cliNote[0]);
                            }
                            version = s.version(); // after the timing: herald's --version is a JVM start of its own
                        } catch (Bench.OverBudget e) {
                            over = e.budgetSeconds;
                            notes.add(String.format(Locale.ROOT, "run %d over the budget of %.0f s (%,d of %,d prefixes received"
                                    + " by then)", run, e.budgetSeconds, e.received, routes.total()));
                            break;
                        } finally {
                            awaitDropped(receiver, impl);
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    notes.add("stopped: " + Bench.brief(e));
                    System.err.println("[bench] fresh: " + impl + " failed: " + e);
                } finally {
                    Sender.removeInput(impl, lan);
                }
                if (Senders.slow(impl) && runs == 1) {
                    notes.add("1 run: one takes minutes (-Dherald.bench.fresh.runs." + Senders.key(impl) + "=N for more)");
                }
                rows.put(impl, new CompareResult.Row(impl, version, times, String.join("; ", notes), over, cpu));
                write(routes, receiverLabel, rows, cli, cliNote[0]);
            }
        }
        System.err.printf(Locale.ROOT, "[bench] fresh scenario took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    /**
     * Polls the receiver every 100 ms until it holds {@code want} prefixes; returns the seconds from
     * the sender's process start to that poll, and the sender's CPU seconds then.
     */
    static double[] fullTable(Sender s, Receiver r, long want) {
        double started = s.startSeconds();
        long[] received = {0};
        try {
            Bench.await(r.label() + " receiving " + want + " prefixes from a fresh " + s.impl(), BUDGET, 100, () -> {
                s.checkAlive();
                received[0] = r.status().received();
                return received[0] >= want;
            }, () -> "received " + received[0]);
        } catch (AssertionError e) {
            if (ProcStat.uptime() - started >= BUDGET.toSeconds()) {
                throw new Bench.OverBudget(r.label() + " receiving from a fresh " + s.impl(), BUDGET, received[0]);
            }
            throw e;
        }
        double secs = ProcStat.uptime() - started;
        return new double[] {secs, s.cpuSeconds()};
    }

    /**
     * After a sender stopped: the receiver shuts the session and drops what it brought, then opens it
     * for the next sender. Shut by the receiver, not left to the sender's going: a sender that offered
     * graceful restart (FRR does by default) leaves its routes stale at BIRD for the restart time.
     */
    private static void awaitDropped(Receiver r, String impl) {
        r.enable(false);
        long[] held = {0};
        Bench.await(r.label() + " dropping " + impl + "'s routes", Duration.ofSeconds(300), 1000, () -> {
            try {
                held[0] = r.held();
            } catch (RuntimeException e) {
                held[0] = -1; // busy flushing: ask again
            }
            return held[0] == 0;
        }, () -> "holds " + held[0]);
        r.enable(true);
    }

    static void write(BulkRoutes routes, String receiver, Map<String, CompareResult.Row> rows, List<Double> cli, String cliNote) {
        new CompareResult("bulk-fresh",
                String.format(Locale.ROOT, "Bulk, fresh process: start to %,d IPv4 + %,d IPv6 prefixes at %s", routes.v4(),
                        routes.v6(), receiver),
                "s", receiver, "herald at most 1.0x BIRD's time (issue 21); CPU at most 1.5x BIRD's", String.format(Locale.ROOT,
                "Each run starts the sender cold in its namespace with 1 session configured to %s, which keeps it open"
                        + " (both sides connect every 1-2 s until one gets through), and the %,d prefixes as its input"
                        + " (herald: a static prefix file, started as bin/herald starts it, jvm.options and the AOT cache;"
                        + " BIRD: static protocols, BIRD 3 with 2 worker threads; GoBGP: gobgpd, then `gobgp mrt inject"
                        + " global`; FRR: `redistribute kernel` of blackhole routes put in the kernel before the run). Timed"
                        + " from the sender's first process starting (/proc/PID/stat starttime, so writing the input files"
                        + " is left out) to the first poll (every 100 ms) showing every prefix at the receiver: start,"
                        + " config and route load, Established, the full table. CPU: the sender's user + system seconds"
                        + " then (/proc/PID/stat, over its processes, children included; GoBGP's `gobgp` client not"
                        + " counted). Runs: %d for herald and the BIRDs, 1 for the GoBGPs and FRRs; a run not done within"
                        + " %d s is reported as \"> %d\".", receiver, routes.total(), Bench.runs("fresh", "herald",
                        Bench.suiteRuns()), BUDGET.toSeconds(), BUDGET.toSeconds()),
                new ArrayList<>(rows.values())).write();
        if (rows.containsKey("herald")) {
            new CompareResult("cli", "One CLI command: `herald peers` against a running herald", "ms", "",
                    "herald at most 50 ms (issue 21; birdc and gobgp answer in 10 ms or less)",
                    "Wall time of each call from the fork to its exit, one after another, against the herald sender of"
                            + " the fresh-process Bulk once it has sent everything: what an operator's shell sees.",
                    List.of(new CompareResult.Row("herald", rows.get("herald").version(), cli, cliNote))).write();
        }
    }
}
