package dev.herald.interop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.IpPrefix;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The differential test's oracle on iproute2 output captured from a lab namespace (no root needed). */
class KernelOracleTest {
    /** {@code ip -N -j -4 route show table all}, iproute2 6.1: unicast, main, boot and metric 0 are left out. */
    static final String V4 = """
            [{"type":"8","dst":"default","table":"10","protocol":"84","flags":[]},\
            {"type":"6","dst":"192.0.2.1","table":"10","protocol":"84","metric":100,"flags":[]},\
            {"dst":"192.0.2.3","gateway":"198.18.200.1","dev":"v0","table":"11","metric":5,"flags":[]},\
            {"dst":"192.0.2.2","dev":"v0","protocol":"4","scope":"253","flags":[]},\
            {"type":"7","dst":"192.0.2.4","protocol":"2","flags":[]},\
            {"dst":"198.18.200.0/24","dev":"v0","protocol":"2","scope":"253","prefsrc":"198.18.200.2","flags":[]},\
            {"type":"2","dst":"127.0.0.1","dev":"lo","table":"255","protocol":"2","scope":"254","prefsrc":"127.0.0.1","flags":[]}]
            """;
    static final String V6 = """
            [{"type":"6","dst":"2001:db8::1","dev":"lo","table":"10","protocol":"84","metric":100,"flags":[],"pref":"medium"},\
            {"type":"6","dst":"2001:db8::1","dev":"lo","table":"10","protocol":"84","metric":4294967295,"flags":[],"pref":"medium"},\
            {"dst":"2001:db8::4/127","dev":"v0","table":"1000","metric":1024,"flags":[],"pref":"medium"},\
            {"dst":"2001:db8::2","gateway":"fd00:18:200::1","dev":"v0","protocol":"4","metric":1024,"flags":[],"pref":"medium"},\
            {"dst":"2001:db8::3","from":"2001:db8:9::/48","dev":"v0","protocol":"4","metric":1024,"flags":[],"pref":"medium"},\
            {"type":"8","dst":"default","protocol":"4","metric":1024,"flags":[],"pref":"medium"}]
            """;

    static List<KernelRouteRow> rows() {
        List<KernelRouteRow> rows = new java.util.ArrayList<>(KernelRouteRow.parse(V4, false));
        rows.addAll(KernelRouteRow.parse(V6, true));
        return rows;
    }

    static Map.Entry<IpPrefix, Long> e(String p, long med) {
        return Map.entry(IpPrefix.parse(p), med);
    }

    @Test
    void iproute2sLeftOutFieldsAreItsDefaults() {
        KernelRouteRow r = KernelRouteRow.parse(V4, false).get(2);
        assertEquals(new KernelRouteRow(IpPrefix.parse("192.0.2.3/32"), 11, 3, 1, 5, "198.18.200.1", "v0", null), r);
        assertEquals("192.0.2.3/32 via 198.18.200.1 dev v0 table 11 proto 3 metric 5", r.spec());
        assertEquals(IpPrefix.parse("0.0.0.0/0"), KernelRouteRow.parse(V4, false).get(0).prefix());
        assertEquals(254, KernelRouteRow.parse(V4, false).get(3).table());
        assertEquals("prohibit 0.0.0.0/0 table 10 proto 84 metric 0", KernelRouteRow.parse(V4, false).get(0).spec());
    }

    @Test
    void defaultsTakeEveryProtocolButKernelAndNoDefaultRoute() {
        KernelOracle o = KernelOracle.of(Set.of(254L, 10L), null, Set.of(1, 6, 7, 8), null);
        // 192.0.2.4 is proto kernel, 198.18.200.0/24 too; the defaults are left out; 2001:db8::3 has a source prefix
        assertEquals(Map.ofEntries(e("192.0.2.1/32", 100), e("192.0.2.2/32", 0), e("2001:db8::1/128", 100),
                e("2001:db8::2/128", 1024)), o.expected(rows()));
    }

    @Test
    void listedFiltersAndRanges() {
        KernelOracle o = KernelOracle.of(Set.of(10L, 11L, 1000L), Set.of(84, 3), Set.of(1, 6, 8),
                List.of("0.0.0.0/0", "192.0.2.0/24 ge 32", "2001:db8::/32 ge 127 le 127"));
        assertEquals(Map.ofEntries(e("0.0.0.0/0", 0), e("192.0.2.1/32", 100), e("192.0.2.3/32", 5),
                e("2001:db8::4/127", 1024)), o.expected(rows()));
    }

    @Test
    void rangesAsTheConfigSpellsThem() {
        KernelOracle.Range exact = KernelOracle.Range.parse("198.51.100.0/24");
        assertTrue(exact.contains(IpPrefix.parse("198.51.100.0/24")));
        assertFalse(exact.contains(IpPrefix.parse("198.51.100.0/25")));
        KernelOracle.Range ge = KernelOracle.Range.parse("198.51.100.0/24 ge 26");
        assertTrue(ge.contains(IpPrefix.parse("198.51.100.255/32")), "ge alone goes up to /32");
        assertFalse(ge.contains(IpPrefix.parse("198.51.100.0/25")));
        assertFalse(ge.contains(IpPrefix.parse("198.51.101.0/26")), "outside the /24");
        KernelOracle.Range v6 = KernelOracle.Range.parse("2001:db8:2::/56 ge 64 le 120");
        assertTrue(v6.contains(IpPrefix.parse("2001:db8:2:ff::/64")));
        assertFalse(v6.contains(IpPrefix.parse("2001:db8:2::1/128")));
        assertFalse(v6.contains(IpPrefix.parse("2001:db8:2:100::/64")), "outside the /56");
        assertFalse(KernelOracle.Range.parse("192.0.2.0/24 le 32").contains(IpPrefix.parse("2001:db8::/32")));
    }
}
