package dev.herald.sources.ovn.ovsdb;

import static dev.herald.sources.ovn.Fixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.ovn.Fixtures;
import dev.herald.sources.ovn.SbRequests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The Netty client against a scripted JSON-RPC peer: fallbacks, echo, resumption, full resync as a diff. */
class OvsdbMonitorTest {
    private static final String SCHEMA = Fixtures.json("ovn-sb-25.03.ovsschema").toString();
    private static final String ROUTE = "{\"ip_prefix\":\"%s\",\"datapath\":[\"uuid\",\"d1\"],\"logical_port\":[\"uuid\",\"p1\"]}";

    private record Change(DbState.Changes changes, boolean full, int routes) {
    }

    private static OvsdbMonitor monitor(ScriptedServer s, LinkedBlockingQueue<Object> events, long probe) throws IOException {
        return new OvsdbMonitor(new OvsdbMonitor.Settings(List.of(s.remote()), null, "OVN_Southbound", probe, 2_000, 5_000, 50,
                200), new SbRequests("gw1"), new OvsdbMonitor.Listener() {
                    @Override
                    public void changed(DbState state, DbState.Changes changes, boolean full) {
                        events.add(new Change(changes, full, state.size("Advertised_Route")));
                    }

                    @Override
                    public void connection(boolean up, String detail) {
                        events.add((up ? "up " : "down ") + detail);
                    }
                }, new Random(1), dev.herald.sources.TestLoops.SHARED);
    }

    /** A started monitor whose first event said it is up; closed again if that check fails. */
    private static OvsdbMonitor up(ScriptedServer s, LinkedBlockingQueue<Object> events, long probe) throws Exception {
        OvsdbMonitor m = monitor(s, events, probe);
        try {
            m.start();
            assertTrue(next(events).toString().startsWith("up "));
            return m;
        } catch (Throwable t) {
            m.close();
            throw t;
        }
    }

    private static Object next(LinkedBlockingQueue<Object> q) throws InterruptedException {
        Object o = q.poll(5, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("nothing from the monitor within 5 s");
        }
        return o;
    }

    @Test
    void resumesFromTheLastTransactionAndDiffsAFreshSnapshot() throws Exception {
        try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> switch (method) {
            case "monitor_cond" -> j("{\"Database\":{\"s1\":{\"initial\":{\"name\":\"OVN_Southbound\",\"model\":\"clustered\","
                    + "\"connected\":true,\"leader\":false,\"index\":7,\"cid\":[\"uuid\",\"c1\"]}}}}");
            case "get_schema" -> j(SCHEMA);
            case "monitor_cond_since" -> switch (conn) {
                // first connection: nothing to resume from
                case 1 -> j("[false,\"t1\",{\"Advertised_Route\":{\"r1\":{\"initial\":" + ROUTE.formatted("192.0.2.1")
                        + "},\"r2\":{\"initial\":" + ROUTE.formatted("192.0.2.2") + "}}}]");
                // second: the client must ask from t2 (the update3 it saw); one change since
                case 2 -> params.get(3).asString().equals("t2")
                        ? j("[true,\"t3\",{\"Advertised_Route\":{\"r3\":{\"delete\":null}}}]")
                        : j("[false,\"x\",{}]");
                // third: a fresh database that does not know t3: the same r1, r2 changed, r4 new
                default -> j("[false,\"u1\",{\"Advertised_Route\":{\"r1\":{\"initial\":" + ROUTE.formatted("192.0.2.1")
                        + "},\"r2\":{\"initial\":" + ROUTE.formatted("192.0.2.22") + "},\"r4\":{\"initial\":"
                        + ROUTE.formatted("192.0.2.4") + "}}}]");
            };
            default -> throw new ScriptedServer.Refuse("unknown method");
        })) {
            LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
            try (OvsdbMonitor m = up(s, ev, 0)) {
                assertEquals(new Change(new DbState.Changes(2, 0, 0), true, 2), next(ev));
                assertEquals("monitor_cond_since", m.method());
                var c1 = s.conns.get(0);
                c1.send("{\"id\":null,\"method\":\"update3\",\"params\":[\"herald\",\"t2\",{\"Advertised_Route\":{\"r3\":{\"insert\":"
                        + ROUTE.formatted("192.0.2.3") + "}}}]}");
                assertEquals(new Change(new DbState.Changes(1, 0, 0), false, 3), next(ev));
                c1.hangUp();
                assertTrue(next(ev).toString().startsWith("down "));
                assertTrue(next(ev).toString().startsWith("up "));
                assertEquals(new Change(new DbState.Changes(0, 0, 1), false, 2), next(ev)); // resumed: only r3's deletion
                s.conns.get(1).hangUp();
                assertTrue(next(ev).toString().startsWith("down "));
                assertTrue(next(ev).toString().startsWith("up "));
                // the snapshot is diffed against the copy: r1 untouched, r2 changed, r4 new
                assertEquals(new Change(new DbState.Changes(1, 1, 0), true, 3), next(ev));
                assertEquals(2, m.counters().fullSnapshots.get());
                assertEquals(1, m.counters().resumes.get());
            }
            assertFalse(dev.herald.sources.TestLoops.SHARED.isShuttingDown(), "the event loops are the daemon's to stop");
            assertTrue(s.requests.stream().anyMatch(r -> r.startsWith("2 monitor_cond_since") && r.endsWith("\"t2\"]")),
                    s.requests.toString());
        }
    }

    @Test
    void fallsBackToMonitorCondAndMonitorAndAnswersEcho() throws Exception {
        for (String supported : List.of("monitor_cond", "monitor")) {
            try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> {
                if (method.equals("get_schema")) {
                    return j(SCHEMA);
                }
                if (method.equals(supported) && params.get(0).asString().equals("OVN_Southbound")) {
                    if (supported.equals("monitor")) {
                        assertTrue(params.get(2).path("Port_Binding").get(0).path("where").isMissingNode(), "no conditions in monitor");
                        return j("{\"Advertised_Route\":{\"r1\":{\"new\":" + ROUTE.formatted("192.0.2.1") + "}}}");
                    }
                    return j("{\"Advertised_Route\":{\"r1\":{\"initial\":" + ROUTE.formatted("192.0.2.1") + "}}}");
                }
                throw new ScriptedServer.Refuse("unknown method");
            })) {
                LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
                try (OvsdbMonitor m = up(s, ev, 0)) {
                    assertEquals(new Change(new DbState.Changes(1, 0, 0), true, 1), next(ev));
                    assertEquals(supported, m.method());
                    var c = s.conns.get(0);
                    // later changes come as update2 (monitor_cond) or update (monitor)
                    c.send(supported.equals("monitor")
                            ? "{\"id\":null,\"method\":\"update\",\"params\":[\"herald\",{\"Advertised_Route\":{\"r2\":{\"new\":"
                                    + ROUTE.formatted("192.0.2.2") + "}}}]}"
                            : "{\"id\":null,\"method\":\"update2\",\"params\":[\"herald\",{\"Advertised_Route\":{\"r2\":{\"insert\":"
                                    + ROUTE.formatted("192.0.2.2") + "}}}]}");
                    assertEquals(new Change(new DbState.Changes(1, 0, 0), false, 2), next(ev));
                    c.send("{\"id\":\"e1\",\"method\":\"echo\",\"params\":[\"x\"]}");
                    JsonNode reply;
                    do {
                        reply = c.received.poll(5, TimeUnit.SECONDS);
                    } while (reply != null && reply.has("method"));
                    assertEquals(j("{\"id\":\"e1\",\"result\":[\"x\"],\"error\":null}"), reply);
                }
            }
        }
    }

    @Test
    void probesASilentServerAndReconnects() throws Exception {
        try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> switch (method) {
            case "get_schema" -> j(SCHEMA);
            case "monitor_cond_since" -> j("[false,\"t1\",{}]");
            case "echo" -> null; // a server that hangs
            default -> throw new ScriptedServer.Refuse("unknown method");
        })) {
            LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
            try (OvsdbMonitor m = up(s, ev, 300)) {
                next(ev); // the (empty) first snapshot
                // the scripted server never answers echo: probe after 300 ms, give up after 600 ms
                JsonNode echo = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (echo == null && System.nanoTime() < deadline) {
                    JsonNode r = s.conns.get(0).received.poll(1, TimeUnit.SECONDS);
                    if (r != null && "echo".equals(r.path("method").asString(""))) {
                        echo = r;
                    }
                }
                assertTrue(echo != null, "an echo request");
                String down = (String) next(ev);
                assertTrue(down.contains("no answer to the inactivity probe"), down);
            }
        }
    }

    private static JsonNode serverRow(boolean connected, long index) {
        return j("{\"Database\":{\"s1\":{\"initial\":{\"name\":\"OVN_Southbound\",\"model\":\"clustered\",\"connected\":"
                + connected + ",\"leader\":false,\"index\":" + index + ",\"cid\":[\"uuid\",\"c1\"]}}}}");
    }

    @Test
    void skipsADisconnectedOrStaleMemberAndLeavesOneThatFallsOutOfItsCluster() throws Exception {
        // one address standing for the members herald meets one after another: its _Server row says
        // which member it is now (what ovsdb-cs checks before reading a clustered database)
        try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> switch (method) {
            case "monitor_cond" -> switch (conn) {
                case 1 -> serverRow(true, 50);
                case 2 -> serverRow(true, 40); // behind what herald already read: stale
                case 3 -> serverRow(false, 60); // cut off from its cluster
                default -> serverRow(true, 50 + conn);
            };
            case "get_schema" -> j(SCHEMA);
            case "monitor_cond_since" -> conn == 1
                    ? j("[false,\"t1\",{\"Advertised_Route\":{\"r1\":{\"initial\":" + ROUTE.formatted("192.0.2.1") + "}}}]")
                    : j("[true,\"t1\",{}]");
            default -> throw new ScriptedServer.Refuse("unknown method");
        })) {
            LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
            try (OvsdbMonitor m = up(s, ev, 0)) {
                assertEquals(new Change(new DbState.Changes(1, 0, 0), true, 1), next(ev));
                s.conns.get(0).hangUp();
                assertTrue(next(ev).toString().contains("connection lost"));
                String stale = next(ev).toString();
                assertTrue(stale.startsWith("down ") && stale.contains("stale (index 40, 50 seen)"), stale);
                String cut = next(ev).toString();
                assertTrue(cut.startsWith("down ") && cut.contains("not connected"), cut);
                assertTrue(next(ev).toString().startsWith("up "));
                // member 4 is fine; then it loses its cluster while herald reads from it: herald leaves
                s.conns.get(3).send("{\"id\":null,\"method\":\"update2\",\"params\":[\"herald-server\",{\"Database\":"
                        + "{\"s1\":{\"modify\":{\"connected\":false}}}}]}");
                String left = next(ev).toString();
                assertTrue(left.startsWith("down ") && left.contains("not connected"), left);
                assertTrue(next(ev).toString().startsWith("up "));
                assertEquals(3, m.counters().serversSkipped.get());
                assertEquals(2, m.counters().resumes.get()); // the copy was kept throughout: nothing to take again
                assertEquals(1, m.counters().fullSnapshots.get());
            }
            // the skipped members were never read
            assertFalse(s.requests.stream().anyMatch(r -> r.startsWith("2 get_schema") || r.startsWith("3 get_schema")),
                    s.requests.toString());
            assertTrue(s.requests.stream().anyMatch(r -> r.startsWith("4 monitor_cond_since") && r.endsWith("\"t1\"]")),
                    s.requests.toString());
        }
    }

    @Test
    void aUnixSocketRemoteIsReadWithoutInactivityProbes(@TempDir Path dir) throws Exception {
        try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> switch (method) {
            case "get_schema" -> j(SCHEMA);
            case "monitor_cond_since" -> j("[false,\"t1\",{\"Advertised_Route\":{\"r1\":{\"initial\":"
                    + ROUTE.formatted("192.0.2.1") + "}}}]");
            default -> throw new ScriptedServer.Refuse("unknown method");
        }, dir.resolve("sb.sock"))) {
            LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
            try (OvsdbMonitor m = monitor(s, ev, 100)) {
                m.start();
                String up = next(ev).toString();
                assertTrue(up.startsWith("up unix:" + dir.resolve("sb.sock")), up);
                assertEquals(new Change(new DbState.Changes(1, 0, 0), true, 1), next(ev));
                // a probe interval of 100 ms is not used on unix sockets (as in OVS): no echo, no drop
                Thread.sleep(1_000);
                assertTrue(s.conns.get(0).received.stream().noneMatch(r -> "echo".equals(r.path("method").asString(""))),
                        s.conns.get(0).received.toString());
                assertEquals(null, ev.poll(), "still connected");
            }
        }
    }

    @Test
    void conditionsFollowTheChassisRowAsSoonAsItArrives() throws Exception {
        try (ScriptedServer s = new ScriptedServer((conn, method, params, c) -> switch (method) {
            case "get_schema" -> j(SCHEMA);
            // this chassis's row comes in the first snapshot, and then nothing changes for a while
            case "monitor_cond_since" -> j("[false,\"t1\",{\"Chassis\":{\"ch-1\":{\"initial\":{\"name\":\"gw1\"}}}}]");
            case "monitor_cond_change" -> j("{}");
            default -> throw new ScriptedServer.Refuse("unknown method");
        })) {
            LinkedBlockingQueue<Object> ev = new LinkedBlockingQueue<>();
            try (OvsdbMonitor m = up(s, ev, 0)) {
                next(ev);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (s.requests.stream().noneMatch(r -> r.startsWith("1 monitor_cond_change"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                String change = s.requests.stream().filter(r -> r.startsWith("1 monitor_cond_change")).findFirst()
                        .orElseThrow(() -> new AssertionError("no monitor_cond_change: " + s.requests));
                // the ports bound to this chassis (tracked VIFs, for the local MED) are now selected too
                assertTrue(change.contains("[\"chassis\",\"==\",[\"uuid\",\"ch-1\"]]"), change);
            }
        }
    }
}
