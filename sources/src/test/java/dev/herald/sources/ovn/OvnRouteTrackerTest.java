package dev.herald.sources.ovn;

import static dev.herald.sources.ovn.Fixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.codec.Prefix;
import dev.herald.sources.ovn.ovsdb.DbState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The row-by-row tracker says what {@link OvnAnnouncer#compute} says, after any sequence of changes. */
class OvnRouteTrackerTest {
    private static void check(OvnRouteTracker t, DbState s, String chassis, OvnSettings settings, Map<Prefix, OvnRoute> before,
            String step) {
        Set<Prefix> changed = t.update(s, s.drainTouched());
        var full = OvnAnnouncer.compute(s, chassis, settings);
        assertEquals(full.routes(), new TreeMap<>(t.routes()), step);
        assertEquals(full.problems().size(), t.problems().size(), step);
        assertEquals(full.notLocal(), t.notLocal(), step);
        Set<Prefix> diff = new HashSet<>(before.keySet());
        diff.addAll(full.routes().keySet());
        diff.removeIf(p -> Objects.equals(before.get(p), full.routes().get(p)));
        assertEquals(diff, changed, step);
        before.clear();
        before.putAll(full.routes());
    }

    /** An SB upgraded to 26.03's schema, its rows unchanged: the rules change with it (OvnVersionsTest). */
    @Test
    void anotherSchemaVersionJudgesEveryRowAgain() {
        OvnRouteTracker t = new OvnRouteTracker("gw2", OvnSettings.defaults("gw2"));
        DbState old = Fixtures.state("sb-gw2.json", "20.41.0");
        t.update(old, old.drainTouched());
        assertEquals(1000, t.route(Prefix.parse("192.0.2.129/32")).med());
        DbState upgraded = Fixtures.state("sb-gw2.json", "21.8.0");
        upgraded.drainTouched();
        assertEquals(Set.of(Prefix.parse("192.0.2.129/32"), Prefix.parse("198.18.50.60/32")), t.update(upgraded, Map.of()));
        assertEquals(100, t.route(Prefix.parse("192.0.2.129/32")).med());
    }

    @Test
    void followsRandomChangesAsAFullComputationWould() {
        for (String fixture : List.of("sb-gw1.json", "sb-gw2.json")) {
            String chassis = fixture.equals("sb-gw1.json") ? "gw1" : "gw2";
            for (OvnSettings settings : List.of(OvnSettings.defaults(chassis),
                    new OvnSettings(chassis, true, OvnSettings.TrackedPort.LOCAL_ONLY, 7, 9, OvnSettings.NextHopMode.ROUTER_PORT,
                            OvnSettings.NextHopMode.SELF, null))) {
                DbState s = Fixtures.state(fixture);
                OvnRouteTracker t = new OvnRouteTracker(chassis, settings);
                Map<Prefix, OvnRoute> before = new TreeMap<>();
                check(t, s, chassis, settings, before, "first view");
                Random rnd = new Random(fixture.hashCode());
                List<String> ports = new ArrayList<>(s.rows("Port_Binding").keySet());
                List<String> dps = new ArrayList<>(s.rows("Datapath_Binding").keySet());
                for (int step = 0; step < 300; step++) {
                    List<String> routes = new ArrayList<>(s.rows("Advertised_Route").keySet());
                    int op = rnd.nextInt(10);
                    String u = routes.isEmpty() ? null : routes.get(rnd.nextInt(routes.size()));
                    // prefixes from a small pool, so that several rows offer one prefix
                    String prefix = rnd.nextInt(20) == 0 ? "198.51.100.7/24" // host bits set: a problem row
                            : rnd.nextBoolean() ? "192.0.2." + rnd.nextInt(8) : "2001:db8:7::" + rnd.nextInt(8) + "/128";
                    String row = "{\"ip_prefix\":\"" + prefix + "\",\"datapath\":[\"uuid\",\"" + dps.get(rnd.nextInt(dps.size()))
                            + "\"],\"logical_port\":[\"uuid\",\"" + ports.get(rnd.nextInt(ports.size())) + "\"]"
                            + (rnd.nextBoolean() ? "" : ",\"tracked_port\":[\"uuid\",\"" + ports.get(rnd.nextInt(ports.size())) + "\"]")
                            + "}";
                    String update;
                    if (op < 4 || u == null) {
                        update = "{\"Advertised_Route\":{\"00000000-0000-0000-0000-" + String.format("%012d", step) + "\":{\"insert\":"
                                + row + "}}}";
                    } else if (op < 7) {
                        update = "{\"Advertised_Route\":{\"" + u + "\":{\"delete\":null}}}";
                    } else if (op < 9) {
                        update = "{\"Advertised_Route\":{\"" + u + "\":{\"modify\":{\"ip_prefix\":\"" + prefix + "\"}}}}";
                    } else {
                        // the context: a port's chassis binding toggles (its residency, and with it a router's)
                        String p = ports.get(rnd.nextInt(ports.size()));
                        String other = "0f0e0d0c-0000-0000-0000-00000000000" + rnd.nextInt(3);
                        update = "{\"Port_Binding\":{\"" + p + "\":{\"modify\":{\"chassis\":[\"uuid\",\"" + other + "\"]}}}}";
                    }
                    s.applyUpdate2(j(update));
                    check(t, s, chassis, settings, before, fixture + " " + settings + " step " + step + ": " + update);
                }
            }
        }
    }
}
