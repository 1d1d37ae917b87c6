package dev.herald.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The Prometheus endpoint ({@code metrics:}).
 *
 * @param listen where {@code GET /metrics} is served (plain HTTP)
 */
public record MetricsConfig(InetSocketAddress listen) {
    public MetricsConfig {
        Objects.requireNonNull(listen, "listen");
    }
}
