package dev.herald.rib;

import dev.herald.codec.Prefix;

/**
 * A prefix a source wants reachable from outside.
 *
 * @param prefix the prefix
 * @param source the name of the source that offers it (for example "static")
 */
public record Route(Prefix prefix, String source) {
    public Route {
        if (prefix == null || source == null || source.isEmpty()) {
            throw new IllegalArgumentException("prefix and source are required");
        }
    }
}
