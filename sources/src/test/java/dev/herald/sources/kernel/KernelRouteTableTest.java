package dev.herald.sources.kernel;

import static dev.herald.sources.kernel.KernelRouteFilterTest.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelRouteTableTest {
    static final KernelRouteFilter ANY_BLACKHOLE_OR_UNICAST = new KernelRouteFilter(Set.of(), Set.of(), Set.of(1, 6), List.of());

    static RouteMessage del(RouteMessage r) {
        return new RouteMessage(true, 0, r.family(), r.dstLength(), r.srcLength(), r.tos(), r.table(), r.protocol(),
                r.scope(), r.type(), r.flags(), r.destination(), r.priority(), r.nextHops());
    }

    static RouteMessage replace(RouteMessage r, int type) {
        return new RouteMessage(false, Netlink.NLM_F_REPLACE, r.family(), r.dstLength(), r.srcLength(), r.tos(),
                r.table(), r.protocol(), r.scope(), type, r.flags(), r.destination(), r.priority(), r.nextHops());
    }

    static Prefix p(String s) {
        return Prefix.parse(s);
    }

    @Test
    void ovnPathFromTheCapturedDumpAndEvents() {
        KernelRouteTable t = KernelRouteTable.forDump(KernelRouteFilterTest.OVN, 16);
        Captured.routes("dump.hex").forEach(t::apply);
        t.track();
        assertEquals(Set.of(p("203.0.113.0/24"), p("203.0.113.1/32"), p("2001:db8::1/128")), t.prefixes());
        assertEquals(100, t.metric(p("203.0.113.1/32")));
        List<RouteMessage> events = Captured.routes("events.hex");
        t.apply(events.get(0)); // add blackhole 198.51.100.7 proto 84 metric 100
        KernelRouteTable.Delta d = t.takeDelta();
        assertEquals(List.of(p("198.51.100.7/32")), d.added());
        t.apply(events.get(1)); // replaced by an unreachable route: no longer a blackhole
        assertEquals(List.of(p("198.51.100.7/32")), t.takeDelta().removed());
        t.apply(events.get(2)); // deleted: nothing left to withdraw
        assertTrue(t.takeDelta().isEmpty());
        t.apply(events.get(4));
        t.apply(events.get(5)); // 2001:db8:2::/48 added and deleted in one batch: no change at all
        assertTrue(t.takeDelta().isEmpty());
        assertEquals(3, t.size());
    }

    @Test
    void aPrefixStaysWhileAnyMatchingRouteHoldsIt() {
        KernelRouteTable t = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        RouteMessage a = route("203.0.113.5/32", 10, 84, 6, 1000);
        RouteMessage b = route("203.0.113.5/32", 10, 84, 6, 100);
        RouteMessage c = route("203.0.113.5/32", 20, 84, 6, 100);
        t.apply(a);
        assertEquals(List.of(p("203.0.113.5/32")), t.takeDelta().added());
        t.apply(b);
        KernelRouteTable.Delta d = t.takeDelta();
        assertTrue(d.added().isEmpty());
        assertEquals(List.of(new KernelPrefix(p("203.0.113.5/32"), 100, 10)), d.changed(), "100 now preferred");
        t.apply(c);
        t.apply(del(b));
        assertTrue(t.takeDelta().added().isEmpty());
        t.apply(del(c));
        assertEquals(1000, t.metric(p("203.0.113.5/32")));
        t.apply(del(a));
        assertEquals(List.of(p("203.0.113.5/32")), t.takeDelta().removed());
        assertFalse(t.contains(p("203.0.113.5/32")));
    }

    @Test
    void ipv6SiblingsAreRemovedOneByOne() {
        KernelRouteTable t = KernelRouteTable.forDump(new KernelRouteFilter(Set.of(10), Set.of(), Set.of(), List.of()), 16);
        Captured.routes("dump.hex").forEach(t::apply);
        t.track();
        Prefix mp = p("2001:db8:1::/48");
        assertTrue(t.contains(mp));
        RouteMessage siblingDel = Captured.routes("events.hex").get(3);
        t.apply(siblingDel);
        assertTrue(t.contains(mp), "the ::2 next hop still holds it");
        RouteMessage full = Captured.routes("dump.hex").stream().filter(r -> mp.equals(r.prefix())).findFirst().orElseThrow();
        RouteMessage lastDel = new RouteMessage(true, 0, 10, 48, 0, 0, 10, 4, 0, 1, 0, full.destination(), 1024,
                List.of(full.nextHops().getFirst()));
        t.apply(lastDel);
        assertFalse(t.contains(mp));
        assertEquals(List.of(mp), t.takeDelta().removed());
    }

    @Test
    void ipv6DeleteWithoutAMatchingNextHopRemovesTheSlot() {
        KernelRouteTable t = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        RouteMessage bh = route("2001:db8::7/128", 10, 84, 6, 100); // oif 0
        t.apply(bh);
        RouteMessage delOnLo = new RouteMessage(true, 0, 10, 128, 0, 0, 10, 84, 0, 6, 0, bh.destination(), 100,
                List.of(new RouteMessage.NextHop(1, null)));
        t.apply(delOnLo);
        assertFalse(t.contains(p("2001:db8::7/128")));
    }

    /** The best route moving to another table with the same metric changes the route's table tag: a change too. */
    @Test
    void theBestRoutesTableIsTrackedLikeItsMetric() {
        KernelRouteTable t = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        RouteMessage in10 = route("203.0.113.6/32", 10, 84, 6, 100);
        t.apply(in10);
        t.apply(route("203.0.113.6/32", 20, 84, 6, 100));
        t.takeDelta();
        t.apply(del(in10));
        assertEquals(List.of(new KernelPrefix(p("203.0.113.6/32"), 100, 20)), t.takeDelta().changed());
        KernelRouteTable other = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        other.apply(route("203.0.113.6/32", 30, 84, 6, 100));
        assertEquals(List.of(new KernelPrefix(p("203.0.113.6/32"), 100, 30)), KernelRouteTable.diff(t, other).changed());
    }

    @Test
    void routesOutsideTheTablesAreIgnoredEvenOnDelete() {
        KernelRouteTable t = new KernelRouteTable(KernelRouteFilterTest.OVN);
        t.apply(route("203.0.113.9/32", 11, 84, 6, 100));
        t.apply(route("203.0.113.9/32", 10, 84, 6, 100));
        t.apply(del(route("203.0.113.9/32", 11, 84, 6, 100)));
        assertTrue(t.contains(p("203.0.113.9/32")));
    }

    @Test
    void diffGivesOnlyTheDifference() {
        KernelRouteTable a = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        KernelRouteTable b = new KernelRouteTable(ANY_BLACKHOLE_OR_UNICAST);
        a.apply(route("192.0.2.1/32", 10, 84, 6, 100));
        a.apply(route("192.0.2.2/32", 10, 84, 6, 100));
        a.apply(route("192.0.2.3/32", 10, 84, 6, 100));
        b.apply(route("192.0.2.2/32", 10, 84, 6, 100));
        b.apply(route("192.0.2.3/32", 10, 84, 6, 1000));
        b.apply(route("192.0.2.4/32", 10, 84, 6, 100));
        KernelRouteTable.Delta d = KernelRouteTable.diff(a, b);
        assertEquals(List.of(p("192.0.2.4/32")), d.added());
        assertEquals(List.of(p("192.0.2.1/32")), d.removed());
        assertEquals(List.of(new KernelPrefix(p("192.0.2.3/32"), 1000, 10)), d.changed());
    }

    /** Random adds and deletes, batched at random: the deltas always rebuild the model's set. */
    @Test
    void seededRandomBatchesAgreeWithAModel() {
        Random rnd = new Random(84);
        KernelRouteTable t = new KernelRouteTable(KernelRouteFilterTest.OVN);
        Set<String> routesModel = new HashSet<>(); // "prefix|table|metric" of matching routes
        Set<Prefix> announced = new HashSet<>();
        for (int round = 0; round < 2000; round++) {
            int n = rnd.nextInt(20) + 1;
            for (int i = 0; i < n; i++) {
                String prefix = "198.51.100." + rnd.nextInt(16) + "/32";
                int table = rnd.nextBoolean() ? 10 : 11;
                long metric = rnd.nextBoolean() ? 100 : 1000;
                RouteMessage r = route(prefix, table, 84, 6, metric);
                if (rnd.nextBoolean()) {
                    t.apply(r);
                    if (table == 10) {
                        routesModel.add(prefix + "|" + metric);
                    }
                } else {
                    t.apply(del(r));
                    if (table == 10) {
                        routesModel.remove(prefix + "|" + metric);
                    }
                }
            }
            KernelRouteTable.Delta d = t.takeDelta();
            for (Prefix p : d.added()) {
                assertTrue(announced.add(p), "added twice: " + p);
            }
            for (Prefix p : d.removed()) {
                assertTrue(announced.remove(p), "removed but not announced: " + p);
            }
            Set<Prefix> expected = new HashSet<>();
            for (String s : routesModel) {
                expected.add(p(s.substring(0, s.indexOf('|'))));
            }
            assertEquals(expected, announced, "round " + round);
            assertEquals(expected, new HashSet<>(new ArrayList<>(t.prefixes())));
        }
    }
}
