package dev.herald.interop.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.interop.kernel.KernelRouteRow;
import dev.herald.interop.lab.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The differential test's oracle on {@code ip -N -j route show table all} output as iproute2 prints ovn-controller's routes. */
class OvnControllerRoutesTest {
    @Test
    void protocol84RoutesOfEveryTableWithTheLowestMetricOfAPrefix() {
        List<KernelRouteRow> rows = new ArrayList<>(KernelRouteRow.parse("""
                [{"type":"6","dst":"198.51.100.0/24","table":"10","protocol":"84","metric":1000,"flags":[]},
                 {"type":"6","dst":"198.51.100.50","table":"10","protocol":"84","metric":100,"flags":[]},
                 {"type":"6","dst":"198.51.100.50","table":"11","protocol":"84","metric":1000,"flags":[]},
                 {"type":"6","dst":"192.0.2.0/26","table":"11","protocol":"84","metric":1000,"flags":[]},
                 {"dst":"198.18.1.0/24","dev":"veth0","protocol":"2","scope":"253","prefsrc":"198.18.1.2","flags":[]},
                 {"type":"6","dst":"203.0.113.0/24","table":"10","protocol":"4","metric":5,"flags":[]}]
                """, false));
        rows.addAll(KernelRouteRow.parse("""
                [{"type":"6","dst":"2001:db8:ff::50","table":"10","protocol":"84","metric":1000,"pref":"medium","flags":[]}]
                """, true));
        Map<IpPrefix, Long> got = OvnControllerRoutes.of(rows);
        assertEquals(Map.of(IpPrefix.parse("198.51.100.0/24"), 1000L, IpPrefix.parse("198.51.100.50/32"), 100L,
                IpPrefix.parse("192.0.2.0/26"), 1000L, IpPrefix.parse("2001:db8:ff::50/128"), 1000L), got);
    }
}
