package dev.herald.bgpd.daemon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often and how lately each source handed the RIB a view or a change, for metrics: a source
 * whose daemon stopped talking shows up as a last-change time that no longer moves.
 */
final class SourceActivity {
    /** @param deliveries views and changes handed to the RIB; @param lastMillis when the last one was */
    record Snapshot(long deliveries, long lastMillis) {
    }

    private final Map<String, AtomicLong[]> bySource = new ConcurrentHashMap<>();

    void delivered(String source) {
        AtomicLong[] a = bySource.computeIfAbsent(source, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        a[0].incrementAndGet();
        a[1].set(System.currentTimeMillis());
    }

    Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        bySource.forEach((k, a) -> out.put(k, new Snapshot(a[0].get(), a[1].get())));
        return out;
    }
}
