package dev.herald.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole, validated configuration file.
 *
 * @param admin   the admin API's socket ({@code admin:}; defaults when absent)
 * @param metrics the Prometheus endpoint ({@code metrics:}); empty: none
 * @param rib     source precedence and the coalescing window ({@code rib:}; defaults when absent)
 * @param drain   what {@code herald drain} adds ({@code drain:}; defaults when absent)
 * @param healthChecks the checks and the routes each holds ({@code health-checks:}; none when absent)
 */
public record HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources, AdminConfig admin,
                           Optional<MetricsConfig> metrics, RibConfig rib, DrainConfig drain,
                           List<HealthCheckConfig> healthChecks) {
    public HeraldConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(rib, "rib");
        Objects.requireNonNull(drain, "drain");
        peers = List.copyOf(peers);
        healthChecks = List.copyOf(healthChecks);
    }

    /** Without health checks. */
    public HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources, AdminConfig admin,
                        Optional<MetricsConfig> metrics, RibConfig rib, DrainConfig drain) {
        this(router, peers, sources, admin, metrics, rib, drain, List.of());
    }

    /** Without a {@code drain} section: its defaults. */
    public HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources, AdminConfig admin,
                        Optional<MetricsConfig> metrics, RibConfig rib) {
        this(router, peers, sources, admin, metrics, rib, DrainConfig.DEFAULT);
    }

    /** Without a {@code rib} section: its defaults. */
    public HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources, AdminConfig admin,
                        Optional<MetricsConfig> metrics) {
        this(router, peers, sources, admin, metrics, RibConfig.DEFAULT);
    }

    /** Router, peers and sources; the admin socket at its default, no metrics endpoint. */
    public HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources) {
        this(router, peers, sources, AdminConfig.DEFAULT, Optional.empty());
    }

    /** This config with another admin API (herald run --instance moves the default socket). */
    public HeraldConfig withAdmin(AdminConfig other) {
        return new HeraldConfig(router, peers, sources, other, metrics, rib, drain, healthChecks);
    }
}
