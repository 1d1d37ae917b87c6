package dev.herald.interop.lab;

import java.util.function.BooleanSupplier;

/**
 * A thread that asks whether a route is present at a fixed rate (poll k starts at start + k x
 * period; a poll that overruns is followed at once) and counts polls and misses, with the real
 * gaps between polls: a poll through a router's CLI may take longer than the period, which the
 * gaps then show. A poll that fails (the CLI errs) counts as an error, not as a miss.
 */
public final class RoutePoller implements AutoCloseable {
    /**
     * What the poller saw so far.
     *
     * @param firstMissAt {@link System#nanoTime} at the end of the first poll that missed the route (when the
     *                    poller knew), or -1
     */
    public record Tally(String what, int polls, int misses, int errors, long maxGapMs, double meanGapMs, long firstMissAt) {
        @Override
        public String toString() {
            return what + ": " + misses + " of " + polls + " polls without the route (" + errors + " failed), every "
                    + String.format("%.1f", meanGapMs) + " ms on average, at most " + maxGapMs + " ms apart";
        }
    }

    private final String what;
    private final BooleanSupplier present;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private int polls;
    private int misses;
    private int errors;
    private long firstStart = -1;
    private long lastStart = -1;
    private long maxGap;
    private long firstMissAt = -1;
    private RuntimeException lastError;

    private RoutePoller(String what, BooleanSupplier present, long periodMs) {
        this.what = what;
        this.present = present;
        this.periodNanos = periodMs * 1_000_000;
        this.thread = Thread.ofPlatform().name("poll-" + what).daemon().unstarted(this::loop);
    }

    /** Starts polling {@code present} every {@code periodMs}; {@code what} names it in the tally. */
    public static RoutePoller start(String what, BooleanSupplier present, long periodMs) {
        RoutePoller p = new RoutePoller(what, present, periodMs);
        p.thread.start();
        return p;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            long start = System.nanoTime();
            boolean ok;
            boolean there = false;
            RuntimeException error = null;
            try {
                there = present.getAsBoolean();
                ok = true;
            } catch (RuntimeException e) {
                ok = false;
                error = e;
            }
            long end = System.nanoTime();
            synchronized (this) {
                if (ok) {
                    polls++;
                    if (!there) {
                        misses++;
                        if (firstMissAt < 0) {
                            firstMissAt = end;
                        }
                    }
                    if (lastStart >= 0) {
                        maxGap = Math.max(maxGap, start - lastStart);
                    } else {
                        firstStart = start;
                    }
                    lastStart = start;
                } else {
                    errors++;
                    lastError = error;
                }
                notifyAll();
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime(); // overran: the next poll now, the rate from here
            }
        }
    }

    /** The counts so far. */
    public synchronized Tally tally() {
        double mean = polls > 1 ? (lastStart - firstStart) / 1e6 / (polls - 1) : 0;
        return new Tally(what, polls, misses, errors, maxGap / 1_000_000, mean, firstMissAt);
    }

    /**
     * Waits until a poll misses the route or {@code limitMs} pass; the milliseconds from {@code since}
     * (a {@link System#nanoTime}) to the end of the first poll that missed it, or -1. The route left
     * after the start of the poll before, so the figure is late by at most one gap plus a poll's
     * duration: microseconds for a FIB read, the whole query for a router's CLI (which may even have
     * started before {@code since}).
     */
    public synchronized long awaitFirstMiss(long since, long limitMs) {
        long deadline = System.nanoTime() + limitMs * 1_000_000;
        while (firstMissAt < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted polling " + what, e);
            }
        }
        return (firstMissAt - since) / 1_000_000;
    }

    /** The last poll error, for a failure message. */
    public synchronized RuntimeException lastError() {
        return lastError;
    }

    /** Stops polling (after the poll under way) and returns the counts. */
    public Tally stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tally();
    }

    @Override
    public void close() {
        stop();
    }
}
