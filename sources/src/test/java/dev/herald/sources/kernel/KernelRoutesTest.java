package dev.herald.sources.kernel;

import static dev.herald.sources.kernel.KernelRouteFilterTest.route;
import static dev.herald.sources.kernel.KernelRouteTableTest.del;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.codec.Prefix;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What reaches the RIB from the kernel table's changes: every change of a route's facts, nothing else. */
class KernelRoutesTest {
    /** The sink's calls, as text. */
    private static final class Recorder implements RouteSink {
        final List<String> calls = new ArrayList<>();
        final List<Route> upserted = new ArrayList<>();

        @Override
        public void replaceAll(String source, Collection<Route> routes) {
            calls.add("replaceAll " + routes.size());
        }

        @Override
        public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
            calls.add("change +" + added + " -" + removed);
        }

        @Override
        public void update(String source, Collection<Route> up, Collection<Prefix> removed) {
            calls.add("update +" + up.stream().map(Route::prefix).toList() + " -" + removed);
            upserted.addAll(up);
        }

        Route last() {
            return upserted.getLast();
        }
    }

    /** A table, the routes made from it and the sink they go to: apply kernel messages, then emit. */
    private static final class Rig {
        final KernelRouteTable table;
        final KernelRoutes routes;
        final Recorder sink = new Recorder();
        private long emits;

        Rig(KernelRouteFilter filter, boolean metricAsMed) {
            table = new KernelRouteTable(filter);
            routes = new KernelRoutes("kernel", metricAsMed);
        }

        /** Applies {@code messages} as one batch and hands the net change to the sink. */
        Rig batch(RouteMessage... messages) {
            for (RouteMessage m : messages) {
                table.apply(m);
            }
            routes.emit(table, sink, ++emits);
            return this;
        }
    }

    /** A blackhole route to 203.0.113.3/32 as ovn-controller installs it (proto 84). */
    private static RouteMessage r(int table, long metric) {
        return route("203.0.113.3/32", table, 84, 6, metric);
    }

    /** Issue 17: with metric-as-med the MED stayed 100 after the lowest metric became 1000 ("+0 -0 metric changes 1"). */
    @Test
    void aMetricOnlyChangeIsAnUpdateWithTheNewMed() {
        Rig rig = new Rig(KernelRouteFilterTest.OVN, true).batch(r(10, 100), r(10, 1000));
        assertEquals(OptionalLong.of(100), rig.sink.last().facts().med());

        rig.batch(del(r(10, 100))); // what OVN does when the tracked port leaves this chassis
        assertEquals(List.of("update +[203.0.113.3/32] -[]", "update +[203.0.113.3/32] -[]"), rig.sink.calls);
        assertEquals(OptionalLong.of(1000), rig.sink.last().facts().med());
        assertEquals(1000, rig.sink.last().facts().priority());

        rig.batch(r(10, 100)); // and back
        assertEquals(3, rig.sink.calls.size());
        assertEquals(OptionalLong.of(100), rig.sink.last().facts().med());
    }

    /** The table tag and origin come from the best route too: the same metric in another table is another fact. */
    @Test
    void theBestRouteMovingToAnotherTableIsAnUpdate() {
        Rig rig = new Rig(KernelRouteTableTest.ANY_BLACKHOLE_OR_UNICAST, false).batch(r(10, 100), r(20, 100));
        assertEquals(Map.of("table", "10"), rig.sink.last().facts().tags());
        rig.batch(del(r(10, 100)));
        assertEquals(2, rig.sink.calls.size(), rig.sink.calls.toString());
        assertEquals(Map.of("table", "20"), rig.sink.last().facts().tags());
        assertEquals("kernel table 20 metric 100", rig.sink.last().facts().origin());
    }

    /** A route that is not the best coming or going changes no fact: nothing to send. */
    @Test
    void aChangeBehindTheBestRouteSendsNothing() {
        Rig rig = new Rig(KernelRouteFilterTest.OVN, true).batch(r(10, 100)).batch(r(10, 1000)).batch(del(r(10, 1000)));
        assertEquals(List.of("update +[203.0.113.3/32] -[]"), rig.sink.calls);
    }
}
