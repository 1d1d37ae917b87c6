package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.rib.RouteFacts;
import dev.herald.sources.RouteSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel source hands the RIB: each prefix of the {@link KernelRouteTable} as a route
 * with facts taken from its best kernel route, and the table's net changes as one update. Pure
 * but for the sink; used by the source's reader thread only.
 */
final class KernelRoutes {
    private final String source;
    private final boolean metricAsMed;
    /** (metric, table) to its facts, so the RIB keeps one object for many routes. */
    private final Map<Long, RouteFacts> factsCache = new HashMap<>();

    KernelRoutes(String source, boolean metricAsMed) {
        this.source = source;
        this.metricAsMed = metricAsMed;
    }

    /**
     * The route with its facts: priority is the lowest metric (OVN's 100 for addresses local to
     * this chassis beats 1000), MED the same when metric-as-med is on, tag {@code table} the table
     * of that route.
     */
    Route route(KernelRouteTable t, Prefix p) {
        long metric = Math.max(0, t.metric(p));
        int tableId = t.table(p);
        long key = (metric << 32) ^ (tableId & 0xFFFF_FFFFL);
        RouteFacts f = factsCache.get(key);
        if (f == null) {
            f = RouteFacts.of(source).withOrigin("kernel table " + Integer.toUnsignedString(tableId) + " metric " + metric)
                    .withPriority(metric).withTags(Map.of("table", Integer.toUnsignedString(tableId)));
            if (metricAsMed) {
                f = f.withMed(Math.min(metric, 0xFFFF_FFFFL));
            }
            if (factsCache.size() > 4096) {
                factsCache.clear();
            }
            factsCache.put(key, f);
        }
        return new Route(p, f);
    }

    /** Every prefix of {@code t}, for a full view. */
    List<Route> all(KernelRouteTable t) {
        List<Route> routes = new ArrayList<>(t.size());
        for (Prefix p : t.prefixes()) {
            routes.add(route(t, p));
        }
        return routes;
    }

    /**
     * Takes the table's net change and hands it to {@code sink} as one update: prefixes added,
     * prefixes removed, and prefixes whose facts changed (nothing when none did); returns it (for the log).
     */
    KernelRouteTable.Delta emit(KernelRouteTable t, RouteSink sink, long observedNanos) {
        KernelRouteTable.Delta d = t.takeDelta();
        if (!d.isEmpty()) {
            // a prefix whose best route changed is re-offered with its new facts (MED, priority,
            // table): the RIB replaces the route and peers get the new attributes
            List<Route> up = new ArrayList<>(d.added().size() + d.changed().size());
            for (Prefix p : d.added()) {
                up.add(route(t, p));
            }
            for (KernelPrefix kp : d.changed()) {
                up.add(route(t, kp.prefix()));
            }
            sink.update(source, up, d.removed(), observedNanos);
        }
        return d;
    }
}
