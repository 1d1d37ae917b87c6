package dev.herald.sources;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import java.util.Collection;

/**
 * Where a source says which prefixes it wants announced. Calls may come from any thread; the
 * daemon hands them to the RIB's own thread.
 *
 * <p>The variants with {@code observedNanos} say when the source observed what it hands over
 * ({@link System#nanoTime()}: a netlink message read, an OVSDB update or LXD event received, a
 * full read started); the daemon measures each source's sync lag from it (docs/metrics.md).
 * Without it, the call itself is the moment.
 */
public interface RouteSink {
    /** Everything {@code source} wants now; what it offered before and does not list is withdrawn. */
    void replaceAll(String source, Collection<Route> routes);

    /** {@link #replaceAll(String, Collection)}, of a view the source observed at {@code observedNanos}. */
    default void replaceAll(String source, Collection<Route> routes, long observedNanos) {
        replaceAll(source, routes);
    }

    /** An incremental change from {@code source}. */
    void change(String source, Collection<Prefix> added, Collection<Prefix> removed);

    /**
     * An incremental change with facts: routes {@code source} now offers, or offers with new facts
     * (next-hop hints, priority, tags), and prefixes it no longer offers. The default drops the facts.
     */
    default void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
        change(source, upserted.stream().map(Route::prefix).toList(), removed);
    }

    /** {@link #update(String, Collection, Collection)}, of a change the source observed at {@code observedNanos}. */
    default void update(String source, Collection<Route> upserted, Collection<Prefix> removed, long observedNanos) {
        update(source, upserted, removed);
    }
}
