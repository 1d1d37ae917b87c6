package dev.herald.bgpd.admin;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.function.Supplier;

/**
 * An info family ({@code NAME_info{...} 1}): OpenMetrics' info type, a gauge of 1 in the text
 * format. A collector of the Prometheus registry under Micrometer's, because Micrometer's Prometheus
 * naming strips a gauge's {@code _info} suffix; its label sets are read at each scrape.
 */
final class InfoSeries implements Collector {
    private final String name;
    private final String help;
    private final Supplier<List<Labels>> series;

    /** {@code name} without {@code _info}, which the formats add. */
    InfoSeries(String name, String help, Supplier<List<Labels>> series) {
        this.name = name;
        this.help = help;
        this.series = series;
    }

    @Override
    public MetricSnapshot collect() {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(name).help(help);
        for (Labels l : series.get()) {
            b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(l).build());
        }
        return b.build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
