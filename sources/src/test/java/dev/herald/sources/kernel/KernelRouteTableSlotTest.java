package dev.herald.sources.kernel;

import static dev.herald.sources.kernel.KernelRouteFilterTest.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * IPv4 routes that share a slot (prefix, table, tos, metric): {@code ip route append} and
 * {@code prepend} put several routes there (other types, protocols or next hops), a delete takes
 * exactly one of them, and a replace takes the first of the slot. KernelDifferentialIT found
 * herald dropping the whole slot on a delete (issue 17).
 */
class KernelRouteTableSlotTest {
    /** Table 1000, protocol ovn, blackhole or unreachable: a boot or unicast route in the slot does not match. */
    static final KernelRouteFilter FILTER = new KernelRouteFilter(Set.of(1000), Set.of(84), Set.of(6, 7), List.of());
    static final Prefix P = Prefix.parse("192.0.2.7/32");

    static RouteMessage with(RouteMessage r, boolean deleted, int nlFlags) {
        return new RouteMessage(deleted, nlFlags, r.family(), r.dstLength(), r.srcLength(), r.tos(), r.table(),
                r.protocol(), r.scope(), r.type(), r.flags(), r.destination(), r.priority(), r.nextHops());
    }

    static RouteMessage unreachableOvn() {
        return route("192.0.2.7/32", 1000, 84, 7, 1000);
    }

    static RouteMessage blackholeBoot() {
        return route("192.0.2.7/32", 1000, 3, 6, 1000);
    }

    @Test
    void deletingTheOtherRouteOfASlotKeepsThePrefix() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        t.apply(with(unreachableOvn(), false, Netlink.NLM_F_EXCL));
        t.apply(with(blackholeBoot(), false, Netlink.NLM_F_APPEND)); // ip route append: the same slot
        assertEquals(List.of(P), t.takeDelta().added());
        t.apply(with(blackholeBoot(), true, 0)); // ip route del blackhole ... proto boot: only that one goes
        assertTrue(t.takeDelta().isEmpty());
        assertTrue(t.contains(P), "the ovn route still holds the prefix");
        t.apply(with(unreachableOvn(), true, 0));
        assertEquals(List.of(P), t.takeDelta().removed());
    }

    @Test
    void deletingOneOfTwoMatchingRoutesOfASlotKeepsThePrefix() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        RouteMessage blackhole = route("192.0.2.7/32", 1000, 84, 6, 1000);
        t.apply(with(unreachableOvn(), false, Netlink.NLM_F_EXCL));
        t.apply(with(blackhole, false, Netlink.NLM_F_APPEND));
        assertEquals(List.of(P), t.takeDelta().added());
        t.apply(with(unreachableOvn(), true, 0));
        assertTrue(t.contains(P));
        assertTrue(t.takeDelta().isEmpty(), "still held, same metric and table: no change");
        t.apply(with(blackhole, true, 0));
        assertFalse(t.contains(P));
    }

    @Test
    void aReplaceTakesTheFirstRouteOfTheSlot() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        t.apply(with(blackholeBoot(), false, Netlink.NLM_F_EXCL)); // first, not matching
        t.apply(with(unreachableOvn(), false, Netlink.NLM_F_APPEND)); // second, matching
        t.takeDelta();
        // ip route replace prohibit 192.0.2.7/32 table 1000 proto boot metric 1000: replaces the boot blackhole
        t.apply(with(route("192.0.2.7/32", 1000, 3, 8, 1000), false, Netlink.NLM_F_REPLACE));
        assertTrue(t.contains(P), "the appended ovn route is untouched");
        // ip route prepend: a matching route before the others; a replace now takes that one
        t.apply(with(route("192.0.2.7/32", 1000, 84, 6, 1000), false, 0));
        t.apply(with(route("192.0.2.7/32", 1000, 3, 1, 1000), false, Netlink.NLM_F_REPLACE));
        t.apply(with(unreachableOvn(), true, 0));
        assertFalse(t.contains(P), "left: the replaced unicast route and the prohibit one, neither matches");
        assertEquals(List.of(), t.takeDelta().added());
    }

    @Test
    void aDumpKeepsTheKernelsOrderOfASlot() {
        KernelRouteTable t = KernelRouteTable.forDump(FILTER, 16);
        t.apply(with(unreachableOvn(), false, Netlink.NLM_F_MULTI)); // the kernel lists a slot first to last
        t.apply(with(blackholeBoot(), false, Netlink.NLM_F_MULTI));
        t.track();
        assertEquals(Set.of(P), t.prefixes());
        // a replace takes the first: the ovn route goes, the boot one does not match
        t.apply(with(route("192.0.2.7/32", 1000, 3, 8, 1000), false, Netlink.NLM_F_REPLACE));
        assertFalse(t.contains(P));
        assertEquals(0, t.size());
    }

    @Test
    void ipv4RoutesThroughALinkAreFound() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        assertFalse(t.holdsIpv4Via(0));
        t.apply(with(blackholeBoot(), false, Netlink.NLM_F_EXCL)); // no device: a link going down drops nothing
        assertFalse(t.holdsIpv4Via(0));
        RouteMessage viaLink = route("192.0.2.8/32", 1000, 3, 1, 5); // not matching, still kept (and dropped with the link)
        t.apply(new RouteMessage(false, 0, viaLink.family(), 32, 0, 0, 1000, 3, 0, 1, 0, viaLink.destination(), 5,
                List.of(new RouteMessage.NextHop(4, new byte[] {(byte) 198, 18, (byte) 250, 1}))));
        assertTrue(t.holdsIpv4Via(4));
        assertTrue(t.holdsIpv4Via(0));
        assertFalse(t.holdsIpv4Via(5));
        RouteMessage multipath = new RouteMessage(false, 0, viaLink.family(), 32, 0, 0, 1000, 84, 0, 1, 0,
                Prefix.parse("192.0.2.9/32").address(), 5, List.of(new RouteMessage.NextHop(5, null),
                        new RouteMessage.NextHop(6, new byte[] {(byte) 198, 18, (byte) 251, 1})));
        t.apply(multipath);
        assertTrue(t.holdsIpv4Via(6));
        assertFalse(t.holdsIpv4Via(7));
    }
}
