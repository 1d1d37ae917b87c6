package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A thread that reads a router's best path for one prefix ({@link BestPath#read}), pausing
 * {@code pauseMs} between readings, and keeps every reading. A reading's resolution is the router
 * query's own time plus the pause (a FRR vtysh query takes 100-200 ms on the shared lab machine, a
 * BIRD one about 50 ms). A query that fails is kept as a reading with an error, never as "no path".
 */
public final class BestPathPoller implements AutoCloseable {
    /** One reading: when (ns since the poller started), what the router said, or why it said nothing. */
    public record Sample(long atNanos, BestPath path, String error) {
        public boolean noBest() {
            return error == null && path.best() == null;
        }

        public boolean bestIs(InetAddress nextHop) {
            return error == null && nextHop.equals(path.best());
        }
    }

    private final Router router;
    private final IpPrefix prefix;
    private final long pauseMs;
    private final Function<InetAddress, String> names;
    private final List<Sample> samples = new ArrayList<>();
    private final long t0 = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    private BestPathPoller(Router router, IpPrefix prefix, long pauseMs, Function<InetAddress, String> names) {
        this.router = router;
        this.prefix = prefix;
        this.pauseMs = pauseMs;
        this.names = names;
        this.thread = Thread.ofPlatform().name("best-path-poller").daemon().unstarted(this::loop);
    }

    /** Starts polling; {@code names} names the speakers by their next hops in failure messages. */
    public static BestPathPoller start(Router router, IpPrefix prefix, long pauseMs, Function<InetAddress, String> names) {
        BestPathPoller p = new BestPathPoller(router, prefix, pauseMs, names);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            Sample s;
            try {
                s = new Sample(System.nanoTime() - t0, BestPath.read(router, prefix), null);
            } catch (RuntimeException e) {
                s = new Sample(System.nanoTime() - t0, null, e.toString());
            }
            synchronized (samples) {
                samples.add(s);
                samples.notifyAll();
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Nanoseconds since the poller started: the clock of {@link Sample#atNanos}. */
    public long nowNanos() {
        return System.nanoTime() - t0;
    }

    /** How many readings there are so far: a mark for {@link #since}. */
    public int mark() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** The readings from {@code mark} on. */
    public List<Sample> since(int mark) {
        synchronized (samples) {
            return List.copyOf(samples.subList(mark, samples.size()));
        }
    }

    /**
     * Waits until a reading from {@code mark} on satisfies {@code condition} and returns its index
     * within {@link #since}; fails after {@code timeoutMs} (a generous bound, not a speed check).
     */
    public int awaitSample(int mark, String what, long timeoutMs, Predicate<Sample> condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        int seen = mark;
        synchronized (samples) {
            while (true) {
                for (; seen < samples.size(); seen++) {
                    if (condition.test(samples.get(seen))) {
                        return seen - mark;
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !thread.isAlive()) {
                    throw new AssertionError("after " + timeoutMs + " ms: never " + what + "; readings since the mark:\n"
                            + timeline(samples.subList(mark, samples.size()), names));
                }
                try {
                    samples.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** The readings as lines, one per change of what they say (ms since the poller started, count). */
    public static String timeline(List<Sample> samples, Function<InetAddress, String> name) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        int repeat = 0;
        for (Sample s : samples) {
            String what = s.error() != null ? "error " + s.error()
                    : "best " + (s.path().best() == null ? "none" : name.apply(s.path().best())) + ", paths "
                    + s.path().present().stream().map(name).sorted().toList();
            if (what.equals(last)) {
                repeat++;
                continue;
            }
            if (last != null) {
                sb.append(" (x").append(repeat).append(")\n");
            }
            sb.append("  ").append(s.atNanos() / 1_000_000).append(" ms: ").append(what);
            last = what;
            repeat = 1;
        }
        return last == null ? "  (none)" : sb.append(" (x").append(repeat).append(")").toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "best-path poller of " + prefix + " at " + router;
    }
}
