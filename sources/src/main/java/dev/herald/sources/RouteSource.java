package dev.herald.sources;

/**
 * A producer of prefixes that must be reachable from outside. It never knows about peers: it
 * only tells the sink what it wants announced now.
 */
public interface RouteSource extends AutoCloseable {
    /** A short stable name, used as the routes' source tag ("static", "kernel", "ovn", "lxd"). */
    String name();

    /** Starts producing; the first complete view is given with {@link RouteSink#replaceAll}. */
    void start(RouteSink sink);

    /** Stops producing. Does not withdraw anything by itself. */
    @Override
    void close();
}
