package dev.herald.sources;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import java.util.Collection;

/**
 * Where a source says which prefixes it wants announced. Calls may come from any thread; the
 * daemon hands them to the RIB's own thread.
 */
public interface RouteSink {
    /** Everything {@code source} wants now; what it offered before and does not list is withdrawn. */
    void replaceAll(String source, Collection<Route> routes);

    /** An incremental change from {@code source}. */
    void change(String source, Collection<Prefix> added, Collection<Prefix> removed);

    /**
     * An incremental change with facts: routes {@code source} now offers, or offers with new facts
     * (next-hop hints, priority, tags), and prefixes it no longer offers. The default drops the facts.
     */
    default void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
        change(source, upserted.stream().map(Route::prefix).toList(), removed);
    }
}
