package dev.herald.sources.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * IPv6 routes that share a slot (prefix, table, metric), with the notifications the kernel sends
 * (checked with {@code ip -6 monitor route} in a network namespace, kernel 6.18). A replace takes
 * one route of the slot, chosen by kind (gateway routes, which form ECMP groups, or not), and says
 * nothing of the route it took; a delete takes exactly the next hops it names.
 * KernelDifferentialIT (seed 7627141697953234715, step 156) found herald dropping the whole slot
 * on the replace and again on the delete of a route it no longer held.
 */
class KernelRouteTableV6SlotTest {
    /** Tables 10 and 254, any protocol but kernel, any type. */
    static final KernelRouteFilter FILTER = new KernelRouteFilter(Set.of(10, 254), Set.of(), Set.of(), List.of());
    static final Prefix P = Prefix.parse("2001:db8:2:0:2::/80");
    static final int LO = 1;
    static final int VETH0 = 3;
    static final byte[] GW = Prefix.parse("fd00:18:1::1/128").address();
    static final byte[] GW2 = Prefix.parse("fd00:18:1::2/128").address();
    static final int CREATE = 0x400;

    static RouteMessage route(boolean deleted, int flags, int table, int protocol, int type, long metric,
            RouteMessage.NextHop... hops) {
        return new RouteMessage(deleted, flags, Netlink.AF_INET6, 80, 0, 0, table, protocol, 0, type, 0, P.address(),
                metric, List.of(hops));
    }

    static RouteMessage.NextHop via(byte[] gw) {
        return new RouteMessage.NextHop(VETH0, gw);
    }

    static RouteMessage.NextHop dev(int oif) {
        return new RouteMessage.NextHop(oif, null);
    }

    @Test
    void aReplaceWithoutGatewayTakesTheRouteWithoutGatewayAndADeleteOnlyWhatItNames() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        t.apply(route(false, 0, 10, 84, 1, 1024, dev(LO))); // table 10 proto ovn dev lo metric 1024
        // ip -6 route append P via fd00:18:1::1 table 254 proto 200 metric 1000
        t.apply(route(false, CREATE | Netlink.NLM_F_APPEND, 254, 200, 1, 1000, via(GW)));
        // ip -6 route append P dev veth0 table 254 proto boot metric 1000: not a sibling (no gateway)
        t.apply(route(false, CREATE | Netlink.NLM_F_APPEND, 254, 3, 1, 1000, dev(VETH0)));
        // ip -6 route replace prohibit P table 254 proto 200 metric 1000: takes the dev veth0 route only
        t.apply(route(false, Netlink.NLM_F_REPLACE, 254, 200, 8, 1000, dev(LO)));
        assertEquals(1000, t.metric(P));
        t.takeDelta();
        // ip -6 route del P via fd00:18:1::1 dev veth0 table 254 proto 200 metric 1000: the prohibit one stays
        t.apply(route(true, 0, 254, 200, 1, 1000, via(GW)));
        assertEquals(1000, t.metric(P), "the prohibit route still holds the prefix at metric 1000");
        assertEquals(254, t.table(P));
        assertTrue(t.takeDelta().isEmpty());
        t.apply(route(true, 0, 254, 200, 8, 1000, dev(LO)));
        assertEquals(1024, t.metric(P));
    }

    @Test
    void aReplaceTakesTheFirstRouteOfItsKindEvenWhenThatOneDoesNotMatch() {
        KernelRouteTable t = new KernelRouteTable(new KernelRouteFilter(Set.of(254), Set.of(200), Set.of(), List.of()));
        t.apply(route(false, CREATE, 254, 3, 1, 1000, dev(VETH0))); // proto boot: does not match
        t.apply(route(false, CREATE | Netlink.NLM_F_APPEND, 254, 200, 8, 1000, dev(LO))); // prohibit, matches
        t.takeDelta();
        // ip -6 route replace P dev lo table 254 proto boot metric 1000: takes the boot route, the first
        t.apply(route(false, Netlink.NLM_F_REPLACE, 254, 3, 1, 1000, dev(2)));
        assertTrue(t.contains(P), "the prohibit route is untouched");
        assertTrue(t.takeDelta().isEmpty());
    }

    @Test
    void aReplaceWithAGatewayTakesTheWholeEcmpGroupAndKeepsTheOthers() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        t.apply(route(false, CREATE, 254, 200, 8, 1000, dev(LO))); // prohibit, first
        t.apply(route(false, CREATE | Netlink.NLM_F_APPEND, 254, 200, 1, 1000, via(GW)));
        // the appended sibling: the notification lists the whole group
        t.apply(route(false, CREATE | Netlink.NLM_F_APPEND, 254, 200, 1, 1000, via(GW2), via(GW)));
        // ip -6 route replace P via fd00:18:1::2 proto boot: the group goes, the prohibit route stays
        t.apply(route(false, Netlink.NLM_F_REPLACE, 254, 3, 1, 1000, via(GW2)));
        t.apply(route(true, 0, 254, 3, 1, 1000, via(GW2)));
        assertTrue(t.contains(P), "the prohibit route still holds it");
        t.apply(route(true, 0, 254, 200, 1, 1000, via(GW))); // already gone with its group: nothing to do
        assertTrue(t.contains(P));
        t.apply(route(true, 0, 254, 200, 8, 1000, dev(LO)));
        assertFalse(t.contains(P));
    }

    @Test
    void aReplaceWithoutGatewayOfAGroupTakesAllItsSiblings() {
        KernelRouteTable t = new KernelRouteTable(FILTER);
        t.apply(route(false, CREATE, 254, 200, 1, 1000, via(GW), via(GW2)));
        // ip -6 route replace blackhole P proto boot metric 1000: no route without gateway, so the group goes
        t.apply(route(false, Netlink.NLM_F_REPLACE, 254, 3, 6, 1000, dev(LO)));
        t.apply(route(true, 0, 254, 3, 6, 1000, dev(LO)));
        assertFalse(t.contains(P), "no sibling survived the replace");
    }
}
