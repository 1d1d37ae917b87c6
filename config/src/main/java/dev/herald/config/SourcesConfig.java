package dev.herald.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where routes to announce come from.
 *
 * @param staticRoutes the {@code sources.static} prefixes
 * @param kernel       the {@code sources.kernel} section; empty when the kernel source is off
 * @param lxd          the {@code sources.lxd} section; empty when the LXD source is off
 * @param ovn          the {@code sources.ovn} section; empty when the OVN source is off
 */
public record SourcesConfig(List<StaticRouteConfig> staticRoutes, Optional<KernelSourceConfig> kernel,
        Optional<LxdSourceConfig> lxd, Optional<OvnSourceConfig> ovn) {
    public static final SourcesConfig EMPTY = new SourcesConfig(List.of());

    public SourcesConfig {
        staticRoutes = List.copyOf(staticRoutes);
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(lxd, "lxd");
        Objects.requireNonNull(ovn, "ovn");
    }

    /** Static routes, the kernel and the LXD source. */
    public SourcesConfig(List<StaticRouteConfig> staticRoutes, Optional<KernelSourceConfig> kernel,
            Optional<LxdSourceConfig> lxd) {
        this(staticRoutes, kernel, lxd, Optional.empty());
    }

    /** Static routes and the kernel source. */
    public SourcesConfig(List<StaticRouteConfig> staticRoutes, Optional<KernelSourceConfig> kernel) {
        this(staticRoutes, kernel, Optional.empty());
    }

    /** Static routes only. */
    public SourcesConfig(List<StaticRouteConfig> staticRoutes) {
        this(staticRoutes, Optional.empty());
    }
}
