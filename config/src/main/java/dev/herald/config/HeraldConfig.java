package dev.herald.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole, validated configuration file.
 *
 * @param admin   the admin API's socket ({@code admin:}; defaults when absent)
 * @param metrics the Prometheus endpoint ({@code metrics:}); empty: none
 */
public record HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources, AdminConfig admin,
                           Optional<MetricsConfig> metrics) {
    public HeraldConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(metrics, "metrics");
        peers = List.copyOf(peers);
    }

    /** Router, peers and sources; the admin socket at its default, no metrics endpoint. */
    public HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources) {
        this(router, peers, sources, AdminConfig.DEFAULT, Optional.empty());
    }
}
