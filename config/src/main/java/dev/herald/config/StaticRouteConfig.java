package dev.herald.config;

import java.util.Objects;

import dev.herald.codec.Prefix;

/** A prefix announced for as long as herald runs. */
public record StaticRouteConfig(Prefix prefix) {
    public StaticRouteConfig {
        Objects.requireNonNull(prefix, "prefix");
    }
}
