package dev.herald.rib;

import dev.herald.codec.Prefix;

/**
 * A prefix a source wants reachable from outside, with what the source knows about it.
 *
 * @param prefix the prefix
 * @param facts  source, provenance, priority, next-hop hints and tags (shared by many routes)
 */
public record Route(Prefix prefix, RouteFacts facts) {
    public Route {
        if (prefix == null || facts == null) {
            throw new IllegalArgumentException("prefix and facts are required");
        }
    }

    /** A route with nothing but its source's name. */
    public Route(Prefix prefix, String source) {
        this(prefix, RouteFacts.of(source));
    }

    /** The name of the source that offers it (for example "static"). */
    public String source() {
        return facts.source();
    }
}
