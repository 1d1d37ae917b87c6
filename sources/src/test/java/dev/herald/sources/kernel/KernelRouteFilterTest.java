package dev.herald.sources.kernel;

import dev.herald.rib.PrefixRange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelRouteFilterTest {
    static final KernelRouteFilter OVN = new KernelRouteFilter(Set.of(10), Set.of(84), Set.of(6), List.of());

    static RouteMessage route(String prefix, int table, int protocol, int type, long metric) {
        Prefix p = Prefix.parse(prefix);
        return new RouteMessage(false, 0, p.afi() == dev.herald.codec.Afi.IPV4 ? 2 : 10, p.length(), 0, 0, table,
                protocol, 0, type, 0, p.address(), metric, List.of(new RouteMessage.NextHop(0, null)));
    }

    @Test
    void ovnRoutesMatchAndOthersDoNot() {
        assertTrue(OVN.matches(route("203.0.113.1/32", 10, 84, 6, 100)));
        assertTrue(OVN.matches(route("2001:db8::1/128", 10, 84, 6, 1000)));
        assertFalse(OVN.matches(route("203.0.113.1/32", 11, 84, 6, 100)), "other table");
        assertFalse(OVN.matches(route("203.0.113.1/32", 10, 4, 6, 100)), "other protocol");
        assertFalse(OVN.matches(route("203.0.113.1/32", 10, 84, 1, 100)), "other type");
    }

    @Test
    void capturedDumpThroughTheOvnFilter() {
        List<Prefix> matching = Captured.routes("dump.hex").stream().filter(OVN::matches).map(RouteMessage::prefix).toList();
        assertEquals(List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("203.0.113.1/32"), Prefix.parse("2001:db8::1/128")),
                matching);
    }

    @Test
    void emptySetsMeanAnyButDefaultRoutesNeedListing() {
        KernelRouteFilter any = new KernelRouteFilter(Set.of(), Set.of(), Set.of(), List.of());
        assertTrue(any.matches(route("198.51.100.0/24", 77, 3, 1, 0)));
        assertFalse(any.matches(route("0.0.0.0/0", 254, 3, 1, 0)));
        assertFalse(any.matches(route("::/0", 254, 3, 1, 0)));
        assertFalse(any.matches(route("198.18.0.0/24", 254, 2, 1, 0)), "proto kernel (connected) needs listing");
        assertTrue(new KernelRouteFilter(Set.of(), Set.of(2), Set.of(), List.of()).matches(route("198.18.0.0/24", 254, 2, 1, 0)));
        KernelRouteFilter withDefault = new KernelRouteFilter(Set.of(), Set.of(), Set.of(),
                List.of(PrefixRange.exact(Prefix.parse("0.0.0.0/0"))));
        assertTrue(withDefault.matches(route("0.0.0.0/0", 254, 3, 1, 0)));
        assertFalse(withDefault.matches(route("198.51.100.0/24", 254, 3, 1, 0)));
    }

    @Test
    void clonedAndSourceSpecificRoutesNeverMatch() {
        KernelRouteFilter any = new KernelRouteFilter(Set.of(), Set.of(), Set.of(), List.of());
        RouteMessage r = route("2001:db8::/64", 254, 3, 1, 0);
        RouteMessage cloned = new RouteMessage(false, 0, 10, 64, 0, 0, 254, 3, 0, 1, Netlink.RTM_F_CLONED,
                r.destination(), 0, r.nextHops());
        RouteMessage srcSpecific = new RouteMessage(false, 0, 10, 64, 56, 0, 254, 3, 0, 1, 0, r.destination(), 0, r.nextHops());
        assertTrue(any.matches(r));
        assertFalse(any.matches(cloned));
        assertFalse(any.matches(srcSpecific));
    }

    @Test
    void prefixRanges() {
        PrefixRange le32 = new PrefixRange(Prefix.parse("203.0.113.0/24"), 24, 32);
        assertTrue(le32.matches(Prefix.parse("203.0.113.0/24")));
        assertTrue(le32.matches(Prefix.parse("203.0.113.77/32")));
        assertFalse(le32.matches(Prefix.parse("203.0.112.0/23")));
        assertFalse(le32.matches(Prefix.parse("198.51.100.0/24")));
        assertFalse(le32.matches(Prefix.parse("2001:db8::/32")));
        PrefixRange ge28 = new PrefixRange(Prefix.parse("192.0.2.0/25"), 28, 30);
        assertFalse(ge28.matches(Prefix.parse("192.0.2.0/27")));
        assertTrue(ge28.matches(Prefix.parse("192.0.2.16/28")));
        assertFalse(ge28.matches(Prefix.parse("192.0.2.128/28")), "outside the /25");
        assertFalse(ge28.matches(Prefix.parse("192.0.2.4/31")));
        PrefixRange v6 = new PrefixRange(Prefix.parse("2001:db8:8000::/33"), 33, 128);
        assertTrue(v6.matches(Prefix.parse("2001:db8:8000::1/128")));
        assertFalse(v6.matches(Prefix.parse("2001:db8::1/128")));
        assertEquals("203.0.113.0/24 le 32", le32.toString());
        assertEquals("192.0.2.0/25 ge 28 le 30", ge28.toString());
        assertThrows(IllegalArgumentException.class, () -> new PrefixRange(Prefix.parse("192.0.2.0/24"), 23, 32));
        assertThrows(IllegalArgumentException.class, () -> new PrefixRange(Prefix.parse("192.0.2.0/24"), 24, 33));
        assertThrows(IllegalArgumentException.class, () -> new PrefixRange(Prefix.parse("192.0.2.0/24"), 30, 28));
    }

    @Test
    void tableNames() {
        var files = TableNames.parse("""
                #
                # reserved values
                255\tlocal
                254\tmain
                10 ovn # OVN's router
                0x20 hexed
                junk line
                """);
        assertEquals(10, files.get("ovn"));
        assertEquals(32, files.get("hexed"));
        TableNames.Resolution r = TableNames.resolve(List.of(7), List.of("ovn", "ovnvrf20", "nowhere"), files,
                java.util.Map.of("ovnvrf20", 20));
        assertEquals(Set.of(7, 10, 20), r.ids());
        assertEquals(List.of("nowhere"), r.unresolved());
    }
}
