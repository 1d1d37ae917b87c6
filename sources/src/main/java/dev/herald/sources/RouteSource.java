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

    /** Its health, for the metrics and the admin API; may be called from any thread. */
    default SourceHealth health() {
        return SourceHealth.NONE;
    }

    /** A human-readable status for {@code herald status} (OVN: connection, chassis, announced rows), if it has one. */
    default java.util.Optional<String> statusText() {
        return java.util.Optional.empty();
    }

    /** Stops producing. Does not withdraw anything by itself. */
    @Override
    void close();
}
