package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.SourceActivity;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code herald_source_sync_lag_seconds}, the histogram {@link SourceActivity} keeps, rendered
 * with its own buckets. Micrometer has no meter that reads a histogram kept elsewhere (its
 * timers record the values themselves, a second copy), so this one is a collector of the
 * Prometheus registry under Micrometer's, read at each scrape like the rest.
 */
final class SyncLagHistogram implements Collector {
    static final String NAME = "herald_source_sync_lag_seconds";

    private final Supplier<Map<String, SourceActivity.Snapshot>> activity;

    SyncLagHistogram(Supplier<Map<String, SourceActivity.Snapshot>> activity) {
        this.activity = activity;
    }

    @Override
    public MetricSnapshot collect() {
        double[] bounds = new double[SourceActivity.BUCKETS.length + 1];
        System.arraycopy(SourceActivity.BUCKETS, 0, bounds, 0, SourceActivity.BUCKETS.length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(NAME)
                .help("Sync lag: from a source observing a change (netlink message read, OVSDB update or LXD event"
                        + " received, config read) to the RIB having applied it.");
        activity.get().forEach((source, a) -> {
            // SourceActivity counts cumulatively as the text format shows them; the model wants each bucket's own.
            long[] own = new long[bounds.length];
            long below = 0;
            for (int i = 0; i < own.length; i++) {
                own[i] = a.buckets()[i] - below;
                below = a.buckets()[i];
            }
            h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, own))
                    .sum(a.lagSumSeconds()).labels(Labels.of("source", source)).build());
        });
        return h.build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
