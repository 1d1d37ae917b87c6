package dev.herald.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where routes to announce come from.
 *
 * @param staticRoutes the {@code sources.static} prefixes
 * @param kernel       the {@code sources.kernel} section; empty when the kernel source is off
 */
public record SourcesConfig(List<StaticRouteConfig> staticRoutes, Optional<KernelSourceConfig> kernel) {
    public static final SourcesConfig EMPTY = new SourcesConfig(List.of());

    public SourcesConfig {
        staticRoutes = List.copyOf(staticRoutes);
        Objects.requireNonNull(kernel, "kernel");
    }

    /** Static routes only. */
    public SourcesConfig(List<StaticRouteConfig> staticRoutes) {
        this(staticRoutes, Optional.empty());
    }
}
