package dev.herald.config;

import dev.herald.rib.HealthGates;
import dev.herald.rib.RouteMatch;
import dev.herald.sources.health.HealthCheckSettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code health-checks:}: the check (what the runner in {@code sources} runs) and the
 * routes it holds (what the RIB's gate matches).
 *
 * @param settings the check
 * @param match    the routes it withdraws or degrades while Down, as an export rule's match; a prefix
 *                 file named in it is read when the config is loaded, and again at each reload
 */
public record HealthCheckConfig(HealthCheckSettings settings, RouteMatch match) {
    public HealthCheckConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(match, "match");
    }

    /** The RIB's gate of this check, as it starts ({@code start-up: down}: already withdrawn or degraded). */
    public HealthGates.Gate gate(Instant now) {
        HealthGates.Gate normal = HealthGates.Gate.normal(settings.name(), match, settings.onFailure(), now);
        return settings.startUp() == HealthCheckSettings.StartUp.UP ? normal
                : new HealthGates.Gate(normal.check(), match, settings.onFailure(), normal.whenDown(), now);
    }

    /** Every check's gate as it starts. */
    public static HealthGates gates(List<HealthCheckConfig> checks, Instant now) {
        return new HealthGates(checks.stream().map(c -> c.gate(now)).toList());
    }
}
