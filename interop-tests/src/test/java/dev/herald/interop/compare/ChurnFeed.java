package dev.herald.interop.compare;

import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.RouteTiming;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Churn at a fixed rate into the kernel table of a namespace, for herald's kernel source: one
 * {@code ip -batch -} fed every 10 ms with the changes due by then. The churned prefixes are
 * {@code count} IPv4 /32s from 10.200.0.0, added in turn and then deleted in turn, over and over
 * (blackhole routes, proto 84), so each prefix changes every count/rate seconds; markers are /32s
 * from 10.201.0.0 added once and never touched again. Each change is noted with when its line was
 * handed to ip (an upper bound of the change's time, as in {@link RouteTiming#pacedBatch}).
 */
final class ChurnFeed {
    static final String CHURN_RANGE = "10.200.0.0/20";
    static final String MARKER_RANGE = "10.201.0.0/24";

    /** One change at the source: the prefix, added or deleted, when (microseconds since the epoch). */
    record Change(String prefix, boolean add, long micros) {
    }

    private final int count;
    private final List<Change> changes = new ArrayList<>();
    /** Read by a watcher while the feed runs. */
    private final List<Change> markers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> present = new HashSet<>();

    ChurnFeed(int count) {
        this.count = count;
    }

    static String churned(int i) {
        return "10.200." + (i >> 8) + "." + (i & 0xFF) + "/32";
    }

    static String marker(int i) {
        return "10.201.0." + i + "/32";
    }

    /**
     * Makes {@code rate} changes a second for {@code seconds}, and a marker every
     * {@code markerEvery} seconds from the first such interval on; fails when ip does.
     */
    void run(Netns ns, int rate, int seconds, int markerEvery, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-n", ns.name(), "-batch", "-").redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        long k = 0;
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextMarker = start + markerEvery * 1_000_000_000L;
            for (long tick = start; tick < end; tick += 10_000_000L) {
                RouteTiming.sleepUntil(tick);
                long due = (tick - start + 10_000_000L) * rate / 1_000_000_000L;
                long now = RouteTiming.nowMicros();
                for (; k < due; k++) {
                    String prefix = churned((int) (k % count));
                    boolean add = (k / count) % 2 == 0;
                    w.write("route " + (add ? "add" : "del") + " blackhole " + prefix + " proto 84\n");
                    changes.add(new Change(prefix, add, now));
                    if (add) {
                        present.add(prefix);
                    } else {
                        present.remove(prefix);
                    }
                }
                if (tick >= nextMarker && markers.size() < 256) {
                    String m = marker(markers.size());
                    w.write("route add blackhole " + m + " proto 84\n");
                    markers.add(new Change(m, true, now));
                    present.add(m);
                    nextMarker += markerEvery * 1_000_000_000L;
                }
                w.flush();
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ip -batch failed: " + Files.readString(out));
        }
    }

    List<Change> changes() {
        return changes;
    }

    List<Change> markers() {
        return markers;
    }

    /** The churned and marker prefixes in the kernel table now. */
    Set<String> present() {
        return Set.copyOf(present);
    }
}
