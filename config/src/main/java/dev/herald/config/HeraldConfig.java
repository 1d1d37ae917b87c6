package dev.herald.config;

import java.util.List;
import java.util.Objects;

/** A whole, validated configuration file. */
public record HeraldConfig(RouterConfig router, List<PeerConfig> peers, SourcesConfig sources) {
    public HeraldConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(sources, "sources");
        peers = List.copyOf(peers);
    }
}
