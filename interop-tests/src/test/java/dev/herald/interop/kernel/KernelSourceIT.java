package dev.herald.interop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel source end to end: herald (its jar, a process in the speaker namespace) reads that
 * namespace's routing tables over netlink; FRR 8.4 on the other side of a veth pair receives.
 * Timeouts are generous bounds, never speed checks.
 */
class KernelSourceIT {
    /** OVN's path: blackholes, proto 84 (ovn), in the router's table 10. */
    static final String OVN = """
            tables: [10]
            protocols: [ovn]
            types: [blackhole]
            prefixes: ["203.0.113.0/24 le 32", "192.0.2.0/24 le 32", "2001:db8::/32 le 128"]
            metric-as-med: true
            """;

    /** The bursts use all three IPv4 documentation /24s. */
    static final String BURSTS = """
            tables: [10]
            protocols: [ovn]
            types: [blackhole]
            prefixes: ["192.0.2.0/24 le 32", "198.51.100.0/24 le 32", "203.0.113.0/24 le 32", "2001:db8::/32 le 128"]
            """;

    @BeforeAll
    static void lab() {
        Lab.requireLab();
    }

    static Set<IpPrefix> set(String... prefixes) {
        Set<IpPrefix> s = new HashSet<>();
        for (String p : prefixes) {
            s.add(IpPrefix.parse(p));
        }
        return s;
    }

    @Test
    void ovnBlackholesAreAnnouncedAndWithdrawnAndNothingOutsideTheFiltersEver() {
        try (KernelLab lab = KernelLab.create("kernel-ovn")) {
            // Before herald starts: read by the initial dump.
            lab.route("add blackhole 203.0.113.1 table 10 proto 84 metric 100");
            // Outside the filters, each for exactly one reason; none may ever reach FRR.
            lab.route("add blackhole 203.0.113.101 table 11 proto 84 metric 100");     // other table
            lab.route("add blackhole 203.0.113.102 table 10 proto static metric 100"); // other protocol
            lab.route("add unreachable 203.0.113.103 table 10 proto 84 metric 100");   // other type
            lab.route("add 203.0.113.104/32 dev lo table 10 proto 84 metric 100");     // unicast
            lab.route("add blackhole 198.51.100.1 table 10 proto 84 metric 100");      // outside the prefixes
            lab.route("add blackhole default table 10 proto 84 metric 100");           // default route
            lab.route("add blackhole 203.0.113.105 proto 84 metric 100");              // main table
            lab.startHerald(OVN);
            lab.awaitExactly("the route present at start", set("203.0.113.1/32"));

            // Exactly what ovn-controller does, IPv4 and IPv6, both metrics.
            lab.route("add blackhole 203.0.113.2 table 10 proto 84 metric 1000");
            lab.route("add blackhole 2001:db8::2 table 10 proto 84 metric 100");
            lab.route("add blackhole 192.0.2.0/28 table 10 proto 84 metric 1000");
            lab.route("add blackhole 2001:db8::99 table 11 proto 84 metric 100");      // other table again
            lab.awaitExactly("added routes announced", set("203.0.113.1/32", "203.0.113.2/32", "2001:db8::2/128", "192.0.2.0/28"));
            // metric-as-med: OVN's metric 100 (a local tracked port) and 1000 arrive as the MED.
            assertEquals(1000L, med(lab, "203.0.113.2/32"));
            assertEquals(100L, med(lab, "2001:db8::2/128"));

            lab.route("del blackhole 203.0.113.2 table 10 proto 84 metric 1000");
            lab.route("del blackhole 2001:db8::2 table 10 proto 84 metric 100");
            lab.awaitExactly("deleted routes withdrawn", set("203.0.113.1/32", "192.0.2.0/28"));

            // The same prefix with metric 100 and 1000: announced while either exists.
            lab.route("add blackhole 203.0.113.3 table 10 proto 84 metric 100");
            lab.route("add blackhole 203.0.113.3 table 10 proto 84 metric 1000");
            lab.awaitExactly("a prefix held twice", set("203.0.113.1/32", "192.0.2.0/28", "203.0.113.3/32"));
            lab.route("del blackhole 203.0.113.3 table 10 proto 84 metric 100");
            lab.route("add blackhole 203.0.113.4 table 10 proto 84 metric 100"); // a marker: changes after it are applied
            lab.awaitExactly("still held by the metric-1000 route", set("203.0.113.1/32", "192.0.2.0/28", "203.0.113.3/32",
                    "203.0.113.4/32"));
            // issue 17: a metric-only change (the prefix stays) reaches FRR as the new MED, both ways
            awaitMed(lab, "203.0.113.3/32", 1000);
            lab.route("add blackhole 203.0.113.3 table 10 proto 84 metric 100");
            awaitMed(lab, "203.0.113.3/32", 100);
            lab.route("del blackhole 203.0.113.3 table 10 proto 84 metric 100");
            awaitMed(lab, "203.0.113.3/32", 1000);
            lab.route("del blackhole 203.0.113.3 table 10 proto 84 metric 1000");
            lab.awaitExactly("gone with its last route", set("203.0.113.1/32", "192.0.2.0/28", "203.0.113.4/32"));

            // A blackhole replaced by an unreachable route stops matching.
            lab.route("replace unreachable 203.0.113.4 table 10 proto 84 metric 100");
            lab.awaitExactly("replaced by a non-matching type", set("203.0.113.1/32", "192.0.2.0/28"));

            lab.route("del blackhole 203.0.113.1 table 10 proto 84 metric 100");
            lab.route("del blackhole 192.0.2.0/28 table 10 proto 84 metric 1000");
            lab.awaitExactly("everything withdrawn", Set.of());
            assertEquals(0, lab.router.routes(Family.IPV4_UNICAST).size() + lab.router.routes(Family.IPV6_UNICAST).size());
        }
    }

    /** The MED FRR holds for herald's route to {@code prefix} (null when it carries none). */
    static Long med(KernelLab lab, String prefix) {
        String json = lab.router.routeDetail(IpPrefix.parse(prefix));
        tools.jackson.databind.JsonNode path = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json)
                .path("paths").path(0);
        tools.jackson.databind.JsonNode med = path.has("med") ? path.get("med") : path.get("metric");
        return med == null ? null : med.asLong();
    }

    /** Waits until FRR holds herald's route to {@code prefix} with MED {@code med}. */
    static void awaitMed(KernelLab lab, String prefix, long med) {
        lab.router.await(prefix + " with MED " + med, KernelLab.TIMEOUT,
                () -> Long.valueOf(med).equals(med(lab, prefix)) ? java.util.Optional.of(true) : java.util.Optional.empty());
    }

    /** Burst line for one route. */
    static String line(String verb, IpPrefix p, int table) {
        return "route " + verb + " blackhole " + p + " table " + table + " proto 84 metric 100";
    }

    /** 10,000 distinct prefixes: 768 IPv4 /32s from the three documentation /24s, the rest IPv6 /64s. */
    static List<IpPrefix> tenThousand() {
        List<IpPrefix> out = new ArrayList<>(10_000);
        for (String net : List.of("192.0.2.", "198.51.100.", "203.0.113.")) {
            for (int i = 0; i < 256; i++) {
                out.add(IpPrefix.parse(net + i + "/32"));
            }
        }
        for (int i = 0; out.size() < 10_000; i++) {
            out.add(IpPrefix.parse("2001:db8:0:" + Integer.toHexString(i) + "::/64"));
        }
        return out;
    }

    /**
     * Bursts of adds and deletes through one {@code ip -batch} each; after each burst FRR's
     * table is exactly the expected set. Run with the default receive buffer and with a tiny
     * one that makes the kernel drop notifications (ENOBUFS), which must end in a correct resync.
     */
    void bursts(KernelLab lab, String label) {
        List<IpPrefix> all = tenThousand();
        Set<IpPrefix> expected = new LinkedHashSet<>();
        // 1: add all 10,000, plus 1,000 decoys in another table.
        List<String> b = new ArrayList<>();
        for (IpPrefix p : all) {
            b.add(line("add", p, 10));
        }
        for (int i = 0; i < 1000; i++) {
            b.add(line("add", all.get(i * 7), 11));
        }
        lab.batch(label + "-1", b);
        expected.addAll(all);
        lab.awaitExactly(label + " burst 1: 10,000 adds", expected);

        // 2: delete every other prefix; the decoys' twins in table 11 go too, and must not matter.
        b.clear();
        for (int i = 0; i < all.size(); i += 2) {
            b.add(line("del", all.get(i), 10));
            expected.remove(all.get(i));
        }
        for (int i = 0; i < 1000; i += 3) {
            b.add(line("del", all.get(i * 7), 11));
        }
        lab.batch(label + "-2", b);
        lab.awaitExactly(label + " burst 2: 5,000 deletes", expected);

        // 3: mixed: re-add 2,500 of the deleted, delete 2,500 of the remaining, add and delete 1,000 in the same burst.
        b.clear();
        for (int i = 0; i < 5000; i += 2) {
            b.add(line("add", all.get(i * 2), 10));
            expected.add(all.get(i * 2));
            b.add(line("del", all.get(i * 2 + 1), 10));
            expected.remove(all.get(i * 2 + 1));
        }
        for (int i = 0; i < 1000; i++) {
            IpPrefix p = all.get(i * 10 + 4);
            if (!expected.contains(p)) {
                b.add(line("add", p, 10));
                b.add(line("del", p, 10));
            }
        }
        lab.batch(label + "-3", b);
        lab.awaitExactly(label + " burst 3: mixed", expected);

        // 4: delete what is left.
        b.clear();
        for (IpPrefix p : expected) {
            b.add(line("del", p, 10));
        }
        lab.batch(label + "-4", b);
        expected.clear();
        lab.awaitExactly(label + " burst 4: everything deleted", expected);
    }

    @Test
    void tenThousandAddsAndDeletesInBursts() {
        try (KernelLab lab = KernelLab.create("kernel-bursts")) {
            lab.startHerald(BURSTS);
            bursts(lab, "bursts");
            System.err.println("[lab] kernel bursts: " + lab.heraldLog().lines().filter(l -> l.contains("[kernel]")).toList());
        }
    }

    @Test
    void netlinkOverflowEndsInACorrectResync() {
        try (KernelLab lab = KernelLab.create("kernel-overflow")) {
            // A receive buffer far too small for a burst: the kernel drops notifications.
            lab.startHerald(BURSTS + "receive-buffer: 4096\n");
            bursts(lab, "overflow");
            String log = lab.heraldLog();
            assertTrue(log.contains("netlink overflow (ENOBUFS)"), "the bursts never overflowed the 4 KiB buffer:\n" + log);
            assertTrue(log.contains("resync after overflow"), "no resync after the overflow:\n" + log);
            // Dumps have a socket of their own: a flood of notifications must never fail or stall one.
            assertFalse(log.contains("dump failed") || log.contains("no dump reply"), "a dump suffered from the flood:\n" + log);
            System.err.println("[lab] kernel overflow: " + log.lines().filter(l -> l.contains("resync") || l.contains("overflow")).count()
                    + " overflow/resync log lines");
        }
    }
}
