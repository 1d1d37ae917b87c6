package dev.herald.bgpd.daemon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How often and how lately each source handed the RIB a view or a change, and its sync lag, for
 * metrics. A source whose daemon stopped talking shows up as a last-delivery time that no longer
 * moves; a RIB that falls behind its sources shows up as a growing lag.
 *
 * <p>Sync lag of one delivery: from the moment the source observed the change (OVN: the monitor
 * update received; kernel: the first netlink message of the batch read; LXD: the first event of
 * the batch received, or the start of a full read; static: the start of reading the config's
 * prefixes and files, at start and at each reload that changes them) to the moment the RIB thread
 * has applied it to the origin table. It covers the source's own batching and re-reads (LXD
 * fetches the objects an event names) and the wait in the RIB thread's queue, which is where a
 * large initial table or a flood shows. The coalescing window ({@code rib.coalesce}) comes on top
 * before the UPDATEs leave.
 */
public final class SourceActivity {
    /** Upper bounds of the lag histogram's buckets, in seconds (Prometheus' {@code le}). */
    public static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
        60};

    /**
     * One source's figures.
     *
     * @param deliveries views and changes handed to the RIB
     * @param lastMillis when the last one was handed over (epoch ms)
     * @param buckets applied deliveries per lag bucket, cumulative as Prometheus wants them; the last is +Inf
     * @param lagSumSeconds the sum of all lags
     * @param lastLagSeconds the lag of the last applied delivery; NaN before the first
     */
    public record Snapshot(long deliveries, long lastMillis, long[] buckets, double lagSumSeconds, double lastLagSeconds) {
        /** Applied deliveries (the +Inf bucket). */
        public long applied() {
            return buckets[buckets.length - 1];
        }
    }

    private static final class Figures {
        final AtomicLong deliveries = new AtomicLong();
        final AtomicLong lastMillis = new AtomicLong();
        final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
        final AtomicLong lagSumNanos = new AtomicLong();
        final AtomicLong lastLagNanos = new AtomicLong(-1);
    }

    private final Map<String, Figures> bySource = new ConcurrentHashMap<>();

    private Figures of(String source) {
        return bySource.computeIfAbsent(source, k -> new Figures());
    }

    /** The source handed the RIB a view or a change (counted when it is handed over). */
    void delivered(String source) {
        Figures f = of(source);
        f.deliveries.incrementAndGet();
        f.lastMillis.set(System.currentTimeMillis());
    }

    /** The RIB applied a delivery {@code lagNanos} after the source observed it. */
    void applied(String source, long lagNanos) {
        long lag = Math.max(0, lagNanos);
        Figures f = of(source);
        int i = 0;
        while (i < BUCKETS.length && lag > (long) (BUCKETS[i] * 1e9)) {
            i++;
        }
        f.counts.incrementAndGet(i);
        f.lagSumNanos.addAndGet(lag);
        f.lastLagNanos.set(lag);
    }

    Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        bySource.forEach((k, f) -> {
            long[] cumulative = new long[BUCKETS.length + 1];
            long run = 0;
            for (int i = 0; i < cumulative.length; i++) {
                run += f.counts.get(i);
                cumulative[i] = run;
            }
            long last = f.lastLagNanos.get();
            out.put(k, new Snapshot(f.deliveries.get(), f.lastMillis.get(), cumulative, f.lagSumNanos.get() / 1e9,
                    last < 0 ? Double.NaN : last / 1e9));
        });
        return out;
    }
}
