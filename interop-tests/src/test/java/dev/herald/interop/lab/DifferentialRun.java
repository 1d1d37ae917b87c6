package dev.herald.interop.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What a seeded differential test (kernel.KernelDifferentialIT, ovn.OvnDifferentialIT,
 * lxd.LxdDifferentialIT) keeps of its sequence: its seed ({@link Seed}), every step in an operations log, the last few for failure messages, and how long
 * herald's Adj-RIB-Out and the router's table took to agree with the oracle; and the polling
 * that waits for that agreement (a bound for convergence, never a speed check).
 */
public final class DifferentialRun {
    /**
     * A run's seed and number of steps, from {@code -Dherald.NAME.diff.seed} and
     * {@code -Dherald.NAME.diff.steps} (a fresh seed and 200 steps by default), and the flags that
     * replay it.
     */
    public record Seed(long seed, int steps, String replay) {
        /**
         * Reads the seed and steps of the differential test {@code name} and prints them with the
         * replay flags ({@code -Dit.test=itTest}), so that every run, passing or not, can be repeated.
         */
        public static Seed announce(String name, String itTest, String label) {
            String seedProperty = "herald." + name + ".diff.seed";
            String stepsProperty = "herald." + name + ".diff.steps";
            long seed = Long.getLong(seedProperty, new SplittableRandom().nextLong());
            int steps = Integer.getInteger(stepsProperty, 200);
            String replay = "-D" + seedProperty + "=" + seed + " -D" + stepsProperty + "=" + steps + " -Dit.test=" + itTest;
            System.out.println("[" + name + "-diff] " + label + ": seed " + seed + ", " + steps + " steps (replay: " + replay + ")");
            return new Seed(seed, steps, replay);
        }
    }

    /** The outcome of {@link #await}: whether the view came to equal the oracle, and both as last read. */
    public record Agreement<T>(boolean agreed, T expected, T got) {
    }

    private final Path log;
    private final int keep;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Long> heraldMillis = new ArrayList<>();
    private final List<Long> routerMillis = new ArrayList<>();
    private long maxMillis;
    private int maxStep;

    /** {@code log}: the operations log (appended to); {@code keep}: how many recent steps failure messages show. */
    public DifferentialRun(Path log, int keep) {
        this.log = log;
        this.keep = keep;
    }

    /** Writes a step to the log and keeps it (cut at 4000 characters) among the recent ones. */
    public void step(String text) {
        write(text);
        recent.addLast(text.length() > 4000 ? text.substring(0, 4000) + "\n  ..." : text);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
    }

    /** Appends {@code text} to the operations log. */
    public void write(String text) {
        try {
            Files.writeString(log, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last steps, for failure messages. */
    public String recent() {
        return String.join("\n", recent);
    }

    /** herald's Adj-RIB-Out agreed {@code millis} after step {@code step} was applied. */
    public void heraldAgreed(int step, long millis) {
        heraldMillis.add(millis);
        if (millis > maxMillis) {
            maxMillis = millis;
            maxStep = step;
        }
    }

    /** The router's table agreed {@code millis} after herald's had. */
    public void routerAgreed(long millis) {
        routerMillis.add(millis);
    }

    /** The timing part of a passing run's summary line. */
    public String timing() {
        return String.format("herald agreed after median %d ms, max %d ms (step %d); FRR checked %d times, agreed after median %d ms"
                + " more", median(heraldMillis), maxMillis, maxStep, routerMillis.size(), median(routerMillis));
    }

    /** The middle value (the upper of the two middle ones), 0 for none. */
    public static long median(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }

    /**
     * Reads {@code expected} and {@code view} anew every {@code pollMillis} (calling {@code alive}
     * first, which throws when a daemon died) until they are equal or {@code timeoutMillis} passed.
     */
    public static <T> Agreement<T> await(long timeoutMillis, long pollMillis, Runnable alive, Supplier<T> expected,
            Supplier<T> view) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            alive.run();
            T e = expected.get();
            T g = view.get();
            if (Objects.equals(e, g)) {
                return new Agreement<>(true, e, g);
            }
            if (System.nanoTime() > deadline) {
                return new Agreement<>(false, e, g);
            }
            LockSupport.parkNanos(pollMillis * 1_000_000);
        }
    }
}
