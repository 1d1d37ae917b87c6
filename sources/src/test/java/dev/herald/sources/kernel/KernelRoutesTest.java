package dev.herald.sources.kernel;

import static dev.herald.sources.kernel.KernelRouteFilterTest.route;
import static dev.herald.sources.kernel.KernelRouteTableTest.del;
import static dev.herald.sources.kernel.KernelRouteTableTest.p;
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

    private static final Prefix P = p("203.0.113.3/32");

    /** Issue 17: with metric-as-med the MED stayed 100 after the lowest metric became 1000 ("+0 -0 metric changes 1"). */
    @Test
    void aMetricOnlyChangeIsAnUpdateWithTheNewMed() {
        KernelRouteTable t = new KernelRouteTable(KernelRouteFilterTest.OVN);
        KernelRoutes routes = new KernelRoutes("kernel", true);
        Recorder sink = new Recorder();
        RouteMessage m100 = route("203.0.113.3/32", 10, 84, 6, 100);
        RouteMessage m1000 = route("203.0.113.3/32", 10, 84, 6, 1000);
        t.apply(m100);
        t.apply(m1000);
        routes.emit(t, sink, 1);
        assertEquals(OptionalLong.of(100), sink.last().facts().med());

        t.apply(del(m100)); // what OVN does when the tracked port leaves this chassis
        routes.emit(t, sink, 2);
        assertEquals(List.of("update +[203.0.113.3/32] -[]", "update +[203.0.113.3/32] -[]"), sink.calls);
        assertEquals(OptionalLong.of(1000), sink.last().facts().med());
        assertEquals(1000, sink.last().facts().priority());

        t.apply(m100); // and back
        routes.emit(t, sink, 3);
        assertEquals(3, sink.calls.size());
        assertEquals(OptionalLong.of(100), sink.last().facts().med());
    }

    /** The table tag and origin come from the best route too: the same metric in another table is another fact. */
    @Test
    void theBestRouteMovingToAnotherTableIsAnUpdate() {
        KernelRouteTable t = new KernelRouteTable(KernelRouteTableTest.ANY_BLACKHOLE_OR_UNICAST);
        KernelRoutes routes = new KernelRoutes("kernel", false);
        Recorder sink = new Recorder();
        RouteMessage in10 = route("203.0.113.3/32", 10, 84, 6, 100);
        t.apply(in10);
        t.apply(route("203.0.113.3/32", 20, 84, 6, 100));
        routes.emit(t, sink, 1);
        assertEquals(Map.of("table", "10"), sink.last().facts().tags());
        t.apply(del(in10));
        routes.emit(t, sink, 2);
        assertEquals(2, sink.calls.size(), sink.calls.toString());
        assertEquals(Map.of("table", "20"), sink.last().facts().tags());
        assertEquals("kernel table 20 metric 100", sink.last().facts().origin());
    }

    /** A route that is not the best coming or going changes no fact: nothing to send. */
    @Test
    void aChangeBehindTheBestRouteSendsNothing() {
        KernelRouteTable t = new KernelRouteTable(KernelRouteFilterTest.OVN);
        KernelRoutes routes = new KernelRoutes("kernel", true);
        Recorder sink = new Recorder();
        t.apply(route("203.0.113.3/32", 10, 84, 6, 100));
        routes.emit(t, sink, 1);
        RouteMessage worse = route("203.0.113.3/32", 10, 84, 6, 1000);
        t.apply(worse);
        routes.emit(t, sink, 2);
        t.apply(del(worse));
        routes.emit(t, sink, 3);
        assertEquals(List.of("update +[203.0.113.3/32] -[]"), sink.calls);
    }
}
