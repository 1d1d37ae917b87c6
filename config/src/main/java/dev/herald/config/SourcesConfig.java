package dev.herald.config;

import java.util.List;

/** Where routes to announce come from. Only static routes so far. */
public record SourcesConfig(List<StaticRouteConfig> staticRoutes) {
    public static final SourcesConfig EMPTY = new SourcesConfig(List.of());

    public SourcesConfig {
        staticRoutes = List.copyOf(staticRoutes);
    }
}
