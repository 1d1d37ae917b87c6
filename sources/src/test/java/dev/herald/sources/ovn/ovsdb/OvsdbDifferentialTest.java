package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.herald.sources.ovn.Fixtures;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * herald's OVSDB client against a real ovsdb-server: seeded random transactions on a schema
 * with every column kind (scalars, optional values, bounded and unbounded sets, maps, a map of
 * at most one pair, strong references to a non-root table, weak references), and after each one
 * the copy {@link OvsdbMonitor} keeps from its monitor_cond_since updates must equal what a
 * {@code select} of every row returns. The copy never gets a second chance: the monitor must stay
 * on its first connection and first snapshot, since a resync would hide a wrongly applied update.
 *
 * <p>{@code -Dherald.ovsdb.seed=N} replays a seed (printed at the start), {@code
 * -Dherald.ovsdb.steps=N} sets the number of transactions (300 by default).
 */
class OvsdbDifferentialTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String DB = "Differential";
    private static final String SCHEMA = "/ovsdb/differential.ovsschema";
    private static final long CONVERGE_MILLIS = 5_000;

    /** The copy as the monitor's thread last left it, in canonical form. */
    private static final class Replica {
        private CanonicalRows.Db latest;
        private long updates;

        synchronized void publish(CanonicalRows.Db db) {
            latest = db;
            updates++;
            notifyAll();
        }

        /** Waits until the copy equals {@code expected}; returns the copy as it is then (equal or not). */
        synchronized CanonicalRows.Db awaitEqual(CanonicalRows.Db expected, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!expected.equals(latest)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            return latest;
        }

        synchronized long updates() {
            return updates;
        }
    }

    @Test
    void heraldsCopyEqualsTheServerAfterEveryTransaction(@TempDir Path dir) throws Exception {
        OvsdbServerProcess.require();
        long seed = Long.getLong("herald.ovsdb.seed", new SplittableRandom().nextLong());
        int steps = Integer.getInteger("herald.ovsdb.steps", 300);
        System.out.println("OvsdbDifferentialTest: seed " + seed + ", " + steps + " transactions (replay: -Dherald.ovsdb.seed="
                + seed + " -Dherald.ovsdb.steps=" + steps + ")");
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream(SCHEMA)) {
            schema = Fixtures.JSON.readTree(in);
        }
        CanonicalRows canon = new CanonicalRows(schema);
        Replica replica = new Replica();
        long t0 = System.nanoTime();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (OvsdbServerProcess server = OvsdbServerProcess.start(dir, SCHEMA);
                OvsdbConnection driver = OvsdbConnection.connect(group, server.remote(), null, 5_000, 0, new OvsdbConnection.Listener() {
                    @Override
                    public void notification(String method, JsonNode params) {
                    }

                    @Override
                    public void closed(String why) {
                    }
                }).get(10, TimeUnit.SECONDS);
                OvsdbMonitor monitor = new OvsdbMonitor(
                        new OvsdbMonitor.Settings(List.of(server.remote()), null, DB, 0, 5_000, 10_000, 50, 200),
                        (s, current) -> everything(canon), new OvsdbMonitor.Listener() {
                            @Override
                            public void changed(DbState state, DbState.Changes changes, boolean full) {
                                replica.publish(canon.of(state));
                            }

                            @Override
                            public void connection(boolean up, String detail) {
                                System.out.println("OvsdbDifferentialTest: monitor " + (up ? "up: " : "down: ") + detail);
                            }
                        }, new Random(seed), group)) {
            monitor.start();
            RandomTransactions gen = new RandomTransactions(seed);
            JsonNode now = select(driver, canon);
            CanonicalRows.Db expected = canon.ofSelect(now);
            int committed = 0;
            for (int step = 1; step <= steps; step++) {
                ArrayNode ops = gen.next(names(now, canon));
                JsonNode result = driver.request("transact", params(ops)).get(10, TimeUnit.SECONDS);
                if (succeeded(result)) {
                    committed++;
                }
                now = select(driver, canon);
                expected = canon.ofSelect(now);
                CanonicalRows.Db copy = replica.awaitEqual(expected, CONVERGE_MILLIS);
                if (!expected.equals(copy)) {
                    fail("seed " + seed + ", transaction " + step + " (" + gen.kinds() + "): herald's copy differs from the server "
                            + "after " + CONVERGE_MILLIS + " ms:\n  " + String.join("\n  ", CanonicalRows.differences(copy == null
                            ? new CanonicalRows.Db(Map.of()) : copy, expected, 20)) + "\ntransaction: " + ops + "\nresult: " + result
                            + "\nreplay: -Dherald.ovsdb.seed=" + seed + " -Dherald.ovsdb.steps=" + step);
                }
                // a resync (reconnect, full snapshot) would repair the copy and hide the fault
                assertEquals(1, monitor.counters().connects.get(), "seed " + seed + ": the monitor reconnected");
                assertEquals(0, monitor.counters().garbage.get(), "seed " + seed + ": an update was refused");
                assertEquals(1, monitor.counters().fullSnapshots.get(), "seed " + seed + ": a second full snapshot");
            }
            long rows = expected.tables().values().stream().mapToLong(Map::size).sum();
            System.out.printf("OvsdbDifferentialTest: seed %d, %d transactions (%d committed), %d copy changes seen (batching varies), %d rows at the end,"
                    + " %.1f s%n", seed, steps, committed, replica.updates(), rows, (System.nanoTime() - t0) / 1e9);
            assertTrue(committed >= steps / 2, "seed " + seed + ": only " + committed + " of " + steps + " transactions committed");
            assertEquals("monitor_cond_since", monitor.method());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Every column of every table, no condition. */
    private static ObjectNode everything(CanonicalRows canon) {
        ObjectNode reqs = F.objectNode();
        for (String t : canon.tables()) {
            ArrayNode cols = F.arrayNode();
            canon.columns(t).forEach(cols::add);
            reqs.set(t, F.arrayNode().add(F.objectNode().set("columns", cols)));
        }
        return reqs;
    }

    private static JsonNode[] params(ArrayNode ops) {
        JsonNode[] p = new JsonNode[ops.size() + 1];
        p[0] = F.stringNode(DB);
        for (int i = 0; i < ops.size(); i++) {
            p[i + 1] = ops.get(i);
        }
        return p;
    }

    /** RFC 7047 5.2: a transaction failed when one result (or the extra one after them) holds an error. */
    private static boolean succeeded(JsonNode result) {
        for (JsonNode r : result) {
            if (r.isNull() || r.has("error")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode select(OvsdbConnection c, CanonicalRows canon) throws Exception {
        ArrayNode ops = F.arrayNode();
        for (String t : canon.tables()) {
            ops.add(F.objectNode().put("op", "select").put("table", t).set("where", F.arrayNode()));
        }
        JsonNode r = c.request("transact", params(ops)).get(10, TimeUnit.SECONDS);
        assertTrue(succeeded(r), "select failed: " + r);
        return r;
    }

    /** Table to row name to uuid, for the generator. */
    private static Map<String, SortedMap<String, String>> names(JsonNode r, CanonicalRows canon) {
        Map<String, SortedMap<String, String>> out = new TreeMap<>();
        List<String> tables = canon.tables();
        for (int i = 0; i < tables.size(); i++) {
            SortedMap<String, String> rows = new TreeMap<>();
            for (JsonNode row : r.path(i).path("rows")) {
                rows.put(row.path("name").asString(), Datum.atomText(row.get("_uuid")));
            }
            out.put(tables.get(i), rows);
        }
        return out;
    }
}
