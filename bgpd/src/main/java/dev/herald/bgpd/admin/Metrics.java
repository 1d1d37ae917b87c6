package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.codec.Family;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.prometheus.metrics.model.snapshots.Labels;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.util.List;
import java.util.Locale;

/**
 * Everything herald exports to Prometheus: a Micrometer registry whose meters read the daemon's
 * live state when a scrape renders them (no second copy of a number to keep in step), plus
 * Micrometer's JVM, process and Netty allocator binders. The list with meanings is in
 * docs/metrics.md.
 */
public final class Metrics implements AutoCloseable {
    /** The Prometheus text format 0.0.4, the default. */
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, for a scraper that asks for it. */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final Daemon daemon;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HeraldMeters herald = new HeraldMeters(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile Reading reading = Reading.EMPTY;

    public Metrics(Daemon daemon) {
        this.daemon = daemon;
        String version = Metrics.class.getPackage().getImplementationVersion();
        Labels build = Labels.of("version", version == null ? "development" : version, "java",
                Runtime.version().toString());
        registry.getPrometheusRegistry().register(new InfoSeries("herald_build",
                "herald's version and the Java runtime's.", () -> List.of(build)));
        registry.getPrometheusRegistry().register(new InfoSeries("herald_peer",
                "Each configured peer's address, ASN and configured families.", () -> peerInfo(reading)));
        Gauge.builder("herald_start_time_seconds", daemon, d -> d.started().toEpochMilli() / 1000.0)
                .description("When herald started, in seconds since the Unix epoch.").register(registry);
        registry.getPrometheusRegistry().register(new SyncLagHistogram(() -> reading.activity()));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        netty(registry, ByteBufAllocator.DEFAULT);
    }

    private static List<Labels> peerInfo(Reading r) {
        return r.peers().stream().map(p -> Labels.of("peer", p.name(), "address", p.address(), "asn",
                Long.toString(p.asn()), "families", String.join(",",
                        HeraldMeters.configured(p, r).stream().map(Family::configName).toList()))).toList();
    }

    /**
     * Netty's figures for {@code a}, the allocator the sessions use (Netty 4.2's default is the
     * adaptive one; {@code -Dio.netty.allocator.type=pooled} picks the pooled one, which also
     * reports its arenas, thread-local caches and chunk size), and the direct memory Netty
     * accounts for itself.
     */
    static void netty(io.micrometer.core.instrument.MeterRegistry registry, ByteBufAllocator a) {
        if (a instanceof ByteBufAllocatorMetricProvider p) {
            new NettyAllocatorMetrics(p).bindTo(registry);
        }
        if (PlatformDependent.usedDirectMemory() >= 0) {
            Gauge.builder("netty_direct_memory_used_bytes", PlatformDependent::usedDirectMemory)
                    .description("Direct memory Netty accounts for itself (all allocators).").register(registry);
        }
    }

    /**
     * The exposition for a request whose {@code Accept} header is {@code accept} (null when none):
     * OpenMetrics when it names {@code application/openmetrics-text}, else the text format 0.0.4.
     */
    static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS : TEXT;
    }

    /** Reads the daemon once and renders every series in {@code contentType} ({@link #contentType}). */
    public synchronized String scrape(String contentType) throws InterruptedException {
        reading = Reading.of(daemon);
        herald.refresh(reading);
        return registry.scrape(contentType);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
