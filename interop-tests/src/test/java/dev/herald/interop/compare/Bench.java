package dev.herald.interop.compare;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** What the Compare*Benchmark scenarios share: run counts, waits, the timed transfer. */
final class Bench {
    /** The senders in report order: herald first ({@link Senders#all()}). */
    static List<String> senders() {
        return Senders.all();
    }

    /**
     * Hold time offered on every session of every scenario, sender and receiver alike: under load
     * gobgpd sent nothing for more than the usual 90 s before its first UPDATE of 1.25M routes.
     */
    static final int HOLD_TIME = 600;

    /** A sender whose loaded count does not move for this long is not going to finish loading. */
    static final Duration STALL = Duration.ofSeconds(60);

    private Bench() {
    }

    /** What a scenario with every sender needs: the lab, herald's jar, trixie's BIRD, FRR and GoBGP, sid's newest ones. */
    static void requireAllSenders() {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.BIRD_TRIXIE.require();
        RouterKind.FRR_TRIXIE.require();
        RouterKind.GOBGP_TRIXIE.require();
        Senders.requireAll();
    }

    /**
     * Runs for one sender: {@code -Dherald.bench.SCENARIO.runs.IMPL} (impl as {@link Senders#key}), else
     * {@code -Dherald.bench.SCENARIO.runs}, else {@code fallback}.
     */
    static int runs(String scenario, String impl, int fallback) {
        String base = "herald.bench." + scenario + ".runs";
        return Integer.getInteger(base + "." + Senders.key(impl), Integer.getInteger(base, fallback));
    }

    /** {@code -Dherald.bench.runs}, default 3: the suite's run count. */
    static int suiteRuns() {
        return Integer.getInteger("herald.bench.runs", 3);
    }

    /** A receiver (AS 65001) on the LAN with one neighbour per session: the sender's address J, receiver I's address J. */
    static RouterConfig receiverConfig(BenchLan lan, int receiver, int sessions) {
        List<RouterConfig.Neighbor> n = new ArrayList<>();
        for (int j = 1; j <= sessions; j++) {
            n.add(new RouterConfig.Neighbor(lan.senderV4(j), 65010, lan.receiverV4(receiver, j),
                    Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), RouterConfig.Options.NONE.withHoldTime(HOLD_TIME)));
        }
        return new RouterConfig(65001, lan.receiverV4(receiver, 1), n);
    }

    static List<Sender.Session> sessions(BenchLan lan, int receiver, int sessions) {
        List<Sender.Session> s = new ArrayList<>();
        for (int j = 1; j <= sessions; j++) {
            s.add(new Sender.Session(lan.senderV4(j), lan.receiverV4(receiver, j)));
        }
        return s;
    }

    static List<InetAddress> senderAddresses(BenchLan lan, int sessions) {
        List<InetAddress> a = new ArrayList<>();
        for (int j = 1; j <= sessions; j++) {
            a.add(lan.senderV4(j));
        }
        return a;
    }

    /** Waits until the sender holds {@code want} prefixes; returns the seconds it took from now. */
    static double awaitLoaded(Sender s, long want, Duration timeout) {
        long t0 = System.nanoTime();
        long[] last = {0, t0};
        await(s + " holding " + want + " prefixes", timeout, 200, () -> {
            s.checkAlive();
            long now = s.loaded();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
            } else if (System.nanoTime() - last[1] > STALL.toNanos()) {
                throw new AssertionError(s + " stuck at " + now + " of " + want + " prefixes for " + STALL.toSeconds() + " s");
            }
            return now >= want;
        }, () -> "holds " + last[0]);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * One timed transfer: opens the receiver's sessions, polls every 20 ms until all are
     * Established (t0), then every 100 ms until the receiver has {@code want} prefixes (t1);
     * shuts the sessions and waits until the receiver has dropped everything. Returns t1 - t0 in s.
     */
    static double transfer(Sender s, Receiver r, long want, Duration timeout) {
        return transfer(s, r, want, timeout, () -> { });
    }

    /**
     * Like {@link #transfer(Sender, Receiver, long, Duration)}, running {@code atEnd} once everything
     * arrived, or once the budget {@code timeout} ran out (then throwing {@link OverBudget}), before the sessions shut.
     */
    static double transfer(Sender s, Receiver r, long want, Duration timeout, Runnable atEnd) {
        r.enable(true);
        boolean measured = false;
        try {
            await(r.label() + " sessions with " + s.impl() + " Established", Duration.ofSeconds(120), 20, () -> {
                s.checkAlive();
                return r.status().allEstablished();
            }, () -> "");
            long t0 = System.nanoTime();
            Receiver.Status[] last = {null};
            String what = r.label() + " receiving " + want + " prefixes from " + s.impl();
            long deadline = t0 + timeout.toNanos();
            await(what, timeout.plusSeconds(60), 100, () -> {
                if (System.nanoTime() > deadline) {
                    atEnd.run(); // whatever atEnd reads, it reads it at the budget
                    throw new OverBudget(what, timeout, last[0] == null ? 0 : last[0].received());
                }
                last[0] = r.status();
                if (last[0].received() >= want) {
                    return true;
                }
                if (!last[0].allEstablished()) {
                    throw new AssertionError("a session of " + r.label() + " with " + s.impl() + " went down after "
                            + last[0].received() + " of " + want + " prefixes (" + r.router().logTails().lines()
                            .filter(l -> l.contains("rror") || l.contains("otification") || l.contains("xpired"))
                            .reduce((a, b) -> b).orElse("see the receiver's log") + ")");
                }
                s.checkAlive();
                r.router().checkAlive();
                return false;
            }, () -> "received " + last[0]);
            double secs = (System.nanoTime() - t0) / 1e9;
            atEnd.run();
            measured = true;
            return secs;
        } finally {
            try {
                r.enable(false);
                long[] held = {0};
                await(r.label() + " dropping " + s.impl() + "'s routes", Duration.ofSeconds(300), 1000, () -> {
                    try {
                        held[0] = r.held();
                    } catch (RuntimeException e) {
                        held[0] = -1; // a receiver busy flushing millions of routes may not answer in time: ask again
                    }
                    return held[0] == 0;
                }, () -> "holds " + held[0]);
            } catch (RuntimeException | AssertionError e) {
                if (measured) {
                    throw e;
                }
                System.err.println("[bench] after a failed run: " + e); // the run's own failure is the one to report
            }
        }
    }

    /** A transfer whose receiver did not hold every prefix within its budget: reported as "&gt; budget", not dropped. */
    static final class OverBudget extends AssertionError {
        final double budgetSeconds;
        final long received;

        OverBudget(String what, Duration budget, long received) {
            super(what + ": not done within the budget of " + budget.toSeconds() + " s (" + received + " received)");
            this.budgetSeconds = budget.toSeconds();
            this.received = received;
        }
    }

    /** Polls {@code done} on a fixed period (from the start, not after each poll) until true or the timeout. */
    static void await(String what, Duration timeout, long periodMs, BooleanSupplier done, java.util.function.Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long next = start;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + " (" + state.get() + ")");
            }
            next += periodMs * 1_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A failure in a row's note: the first line of the message, short. */
    static String brief(Throwable e) {
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
        return e.getClass().getSimpleName() + ": " + (m.length() > 200 ? m.substring(0, 200) + "..." : m);
    }

    static String fmt(List<Double> xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
        }
        return "[" + b + "]";
    }
}
