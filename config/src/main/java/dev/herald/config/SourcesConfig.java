package dev.herald.config;

import dev.herald.codec.Prefix;
import dev.herald.sources.kernel.KernelSourceSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where routes to announce come from.
 *
 * @param staticRoutes the {@code sources.static} prefixes (each announced for as long as herald runs)
 * @param kernel       the {@code sources.kernel} section; empty when the kernel source is off
 * @param lxd          the {@code sources.lxd} section; empty when the LXD source is off
 * @param ovn          the {@code sources.ovn} section; empty when the OVN source is off
 * @param staticFiles  the {@code sources.static} prefix files ({@code - file: PATH}), read by the static source
 */
public record SourcesConfig(List<Prefix> staticRoutes, Optional<KernelSourceSettings> kernel,
        Optional<LxdSourceConfig> lxd, Optional<OvnSourceConfig> ovn, List<java.nio.file.Path> staticFiles) {
    public static final SourcesConfig EMPTY = new SourcesConfig(List.of());

    public SourcesConfig {
        staticRoutes = List.copyOf(staticRoutes);
        staticFiles = List.copyOf(staticFiles);
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(lxd, "lxd");
        Objects.requireNonNull(ovn, "ovn");
    }

    /** Without prefix files. */
    public SourcesConfig(List<Prefix> staticRoutes, Optional<KernelSourceSettings> kernel,
            Optional<LxdSourceConfig> lxd, Optional<OvnSourceConfig> ovn) {
        this(staticRoutes, kernel, lxd, ovn, List.of());
    }

    /** Static routes, the kernel and the LXD source. */
    public SourcesConfig(List<Prefix> staticRoutes, Optional<KernelSourceSettings> kernel,
            Optional<LxdSourceConfig> lxd) {
        this(staticRoutes, kernel, lxd, Optional.empty());
    }

    /** Static routes and the kernel source. */
    public SourcesConfig(List<Prefix> staticRoutes, Optional<KernelSourceSettings> kernel) {
        this(staticRoutes, kernel, Optional.empty());
    }

    /** Static routes only. */
    public SourcesConfig(List<Prefix> staticRoutes) {
        this(staticRoutes, Optional.empty());
    }
}
