package dev.herald.interop.compare;

import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, graceful restart: each sender in turn holds the {@link BulkSet} and is the only
 * neighbour of a BIRD 2.17 receiver that helps with graceful restart ({@link GrReceiver}); the
 * sender is killed with SIGKILL and started again in its restarting mode. Per run:
 * <ul>
 * <li>{@code gr-eor}: seconds from the restarted process's start to the receiver having End-of-RIB
 *     for both families (BIRD's "Neighbor graceful restart done", from its log);
 * <li>{@code gr-withdrawals}: prefixes withdrawn on the wire (BIRD's import withdraws received)
 *     plus prefixes lost (the full set minus the fewest routes the receiver held at any 200 ms
 *     sample from the kill until after End-of-RIB); herald's must be 0.
 * </ul>
 * A run where the receiver stops helping without End-of-RIB (a NOTIFICATION from the restarted
 * sender, or the 120 s restart time running out) has no End-of-RIB time; its note says why, and
 * the routes the receiver flushed count as lost. A sender that fails outright gets a row with the
 * runs it finished and the reason.
 * A figures run, not a test (no IT suffix): it fails only when the lab is broken.
 * <pre>
 * ./mvnw -B -ntp -pl interop-tests verify -Dit.test=CompareGracefulRestartBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dherald.bench.runs=N} (default 3) restarts per sender; FRR and GoBGP, whose restarts
 * take far longer, get {@code -Dherald.bench.gr.slow-runs=N} (default 1).
 * {@code -Dherald.bench.gr.senders=herald,BIRD} picks senders; {@code -Dherald.bench.v4/v6} scale the set.
 */
class CompareGracefulRestartBenchmark {
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(15);
    static final Duration EOR_TIMEOUT = Duration.ofMinutes(10);

    /** {@code restartNote}: what "start" means for this sender (which process, which restart mode), for the table's note. */
    record Sender(String impl, boolean slow, String restartNote, BiFunction<LabLink, BulkSet, GrSender> make) {
    }

    static final List<Sender> SENDERS = List.of(
            new Sender("herald", false, "herald restarted with the same state directory (R bit), JVM start included", HeraldGrSender::new),
            new Sender("BIRD", false, "bird -R (graceful restart mode), static protocols re-read from the config", BirdGrSender::new),
            new Sender("FRR", true, "bgpd alone killed and restarted with -K (zebra keeps the kernel routes), routes from redistribute kernel",
                    FrrGrSender::new),
            new Sender("GoBGP", true, "gobgpd -r, the set injected again from an MRT file (gobgp mrt inject global) before the neighbour is enabled",
                    GoBgpGrSender::new));

    /** One sender's figures. */
    record Measured(String impl, String version, List<Double> eor, List<Double> withdrawals, String note) {
    }

    @Test
    void gracefulRestartOfTheBulkSet() {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.BIRD_TRIXIE.require();
        BulkSet set = BulkSet.fromProperties();
        List<String> only = Arrays.asList(System.getProperty("herald.bench.gr.senders", "").split(","));
        long wall = System.nanoTime();
        String receiverVersion = "";
        List<Measured> all = new ArrayList<>();
        for (Sender s : SENDERS) {
            if (!only.getFirst().isBlank() && !only.contains(s.impl())) {
                continue;
            }
            int runs = s.slow() ? Math.min(GrBench.runs(), Integer.getInteger("herald.bench.gr.slow-runs", 1)) : GrBench.runs();
            long t = System.nanoTime();
            String[] rv = new String[1];
            Measured m = measure(s, set, runs, rv);
            receiverVersion = rv[0] == null ? receiverVersion : rv[0];
            all.add(m);
            System.err.printf(Locale.ROOT, "[bench] gr %s %s: End-of-RIB %s s, withdrawals %s (%s) in %.0f s wall%n", m.impl(), m.version(),
                    m.eor(), m.withdrawals(), m.note(), (System.nanoTime() - t) / 1e9);
        }
        String receiver = "BIRD " + receiverVersion;
        String method = "Each sender holds " + set.label() + " prefixes and has one session to " + receiver
                + " (graceful restart on, helping); once the receiver holds every route the sender is killed with SIGKILL and "
                + "started again in its restarting mode (R bit).";
        List<CompareResult.Row> eorRows = new ArrayList<>();
        List<CompareResult.Row> wdRows = new ArrayList<>();
        for (Measured m : all) {
            eorRows.add(new CompareResult.Row(m.impl(), m.version(), m.eor(), m.note()));
            wdRows.add(new CompareResult.Row(m.impl(), m.version(), m.withdrawals(), m.note()));
        }
        var eor = new CompareResult("gr-eor", "Graceful restart: process start to End-of-RIB, " + set.label(), "s", receiver,
                "End-of-RIB within 5 s of restart",
                method + " Time from the restarted process's start to the receiver logging End-of-RIB for both families "
                        + "(BIRD: \"Neighbor graceful restart done\").", eorRows);
        var wd = new CompareResult("gr-withdrawals", "Graceful restart: prefixes withdrawn or lost at the receiver, " + set.label(),
                "prefixes", receiver, "zero withdrawals",
                method + " Withdrawn NLRI the receiver got on the wire (BIRD's import withdraws received) plus routes it lost "
                        + "(the full set minus the fewest it held, sampled every 200 ms from the kill until after End-of-RIB).",
                wdRows);
        System.err.println("[bench] wrote " + eor.write() + " and " + wd.write() + String.format(Locale.ROOT,
                " after %.0f s", (System.nanoTime() - wall) / 1e9));
    }

    private static Measured measure(Sender s, BulkSet set, int runs, String[] receiverVersion) {
        List<Double> eor = new ArrayList<>();
        List<Double> withdrawals = new ArrayList<>();
        String version = "";
        String note = "";
        try (LabLink link = LabLink.create("gr-" + s.impl())) {
            GrReceiver rx = GrReceiver.start(link);
            receiverVersion[0] = rx.version();
            GrSender tx = link.own(s.make().apply(link, set));
            version = tx.version();
            note = runs < GrBench.runs() ? runs + " run(s) (-Dherald.bench.gr.slow-runs): its setup and restart take minutes with the full set; "
                    + s.restartNote()
                    : s.restartNote();
            long t0 = System.nanoTime();
            tx.start(false);
            awaitFull(rx, set.total(), LOAD_TIMEOUT);
            System.err.printf(Locale.ROOT, "[bench] gr %s: receiver holds all %d routes %.1f s after the first start%n", s.impl(),
                    set.total(), (System.nanoTime() - t0) / 1e9);
            List<Double> loads = new ArrayList<>();
            List<String> aborted = new ArrayList<>();
            int lossRuns = 0;
            boolean fullAgain = true;
            for (int run = 1; run <= runs; run++) {
                Lab.sleep(1000);
                RestartWatch watch = new RestartWatch(rx);
                long startMs;
                OptionalLong done;
                try {
                    tx.kill9();
                    awaitDown(rx);
                    Lab.sleep(500);
                    startMs = System.currentTimeMillis();
                    tx.start(true);
                    done = awaitDone(rx, startMs);
                    if (done.isEmpty()) {
                        // The receiver stopped helping without End-of-RIB (a NOTIFICATION, or no R bit): it flushed the
                        // stale routes. No End-of-RIB time for this run; what was lost is counted once the set is back.
                        aborted.add("run " + run + ": " + rx.lastRemoteEventSince(startMs));
                        try {
                            awaitFull(rx, set.total(), Duration.ofMinutes(5));
                        } catch (AssertionError e) {
                            System.err.println("[bench] gr " + s.impl() + ": the set did not come back within 5 min");
                        }
                    }
                    awaitSettled(rx, set.total());
                    Lab.sleep(1000); // anything the receiver flushes after End-of-RIB shows in the next sample
                } finally {
                    watch.close(); // also when a run fails: the sampling thread must stop
                }
                long lost = set.total() - Math.min(watch.minImported(), watch.last().imported());
                double seconds = done.isPresent() ? (done.getAsLong() - startMs) / 1000.0 : Double.NaN;
                if (done.isPresent()) {
                    eor.add(seconds);
                }
                loads.add(GrBench.loadAverage());
                withdrawals.add((double) (watch.withdrawn() + Math.max(0, lost)));
                System.err.printf(Locale.ROOT, "[bench] gr %s run %d: End-of-RIB %.3f s after start; withdrawn on the wire %d, "
                        + "lost %d (fewest held %d of %d, %d held at the end)%n", s.impl(), run, seconds, watch.withdrawn(), lost,
                        watch.minImported(), set.total(), watch.last().imported());
                if (lost > 0) {
                    lossRuns++;
                    fullAgain &= watch.last().imported() == set.total();
                }
            }
            note += String.format(Locale.ROOT, "; 1-min load average %.1f to %.1f at the runs' ends",
                    loads.stream().mapToDouble(Double::doubleValue).min().orElse(0), loads.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            if (!aborted.isEmpty()) {
                note += "; graceful restart ended without End-of-RIB (no time for that run): " + String.join("; ", aborted);
            }
            if (lossRuns > aborted.size()) {
                // No withdrawals on the wire, yet fewer routes: the receiver flushed, at End-of-RIB, stale routes not sent again by then.
                note += "; in " + (lossRuns - aborted.size()) + " of " + runs + " run(s) End-of-RIB came before the whole set was sent again: the receiver "
                        + "flushed the stale rest" + (fullAgain ? " (sent again later)" : " (not all came back)");
            }
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[bench] gr " + s.impl() + " failed: " + e);
            e.printStackTrace();
            note = (note.isEmpty() ? "" : note + "; ") + "stopped after " + eor.size() + " run(s): " + firstLine(e.getMessage());
        }
        return new Measured(s.impl(), version, eor, withdrawals, note);
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static void awaitFull(GrReceiver rx, long total, Duration timeout) {
        poll("receiver holding all " + total + " routes", rx, timeout, 500, () -> {
            BirdPeerStats s = rx.stats();
            return s.established() && s.imported() == total;
        });
    }

    /** The receiver has seen the session go (it then keeps the routes as stale if it helps). */
    private static void awaitDown(GrReceiver rx) {
        poll("receiver noticing the killed session", rx, Duration.ofSeconds(60), 50, () -> !rx.stats().established());
    }

    /**
     * The time of the receiver's End-of-RIB for both families, or empty when it stopped helping
     * without one (it then flushed the stale routes).
     */
    private static OptionalLong awaitDone(GrReceiver rx, long sinceMs) {
        OptionalLong[] at = {OptionalLong.empty()};
        poll("receiver End-of-RIB for both families", rx, EOR_TIMEOUT, 100, () -> {
            at[0] = rx.restartDoneAt(sinceMs);
            if (at[0].isPresent()) {
                return true;
            }
            return !rx.stats().helping() && rx.restartDoneAt(sinceMs).isEmpty();
        });
        return rx.restartDoneAt(sinceMs);
    }

    /** Established, no longer helping, and either the whole set or (a lost route) quiet for a while. */
    private static void awaitSettled(GrReceiver rx, long total) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            BirdPeerStats s = rx.stats();
            if (s.established() && !s.helping() && s.imported() == total) {
                return;
            }
            Lab.sleep(200);
        }
    }

    private static void poll(String what, GrReceiver rx, Duration timeout, long everyMs, java.util.function.BooleanSupplier ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + rx.dump());
            }
            Lab.sleep(everyMs);
        }
    }
}
