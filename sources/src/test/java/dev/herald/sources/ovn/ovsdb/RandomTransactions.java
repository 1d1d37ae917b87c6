package dev.herald.sources.ovn.ovsdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded random transactions on differential.ovsschema: inserts, updates of every column kind,
 * mutations, deletes of rows others refer to (weak references vanish, unreferenced children are
 * collected). Values come from small pools so that set and map diffs both add and remove. Rows
 * are chosen by their name (given here, never changed), so a seed replays the same operations
 * whatever uuids the server picks. Some transactions fail on the schema's constraints (a full
 * bounded set, an empty one with min 1): they must leave the copy unchanged too.
 */
final class RandomTransactions {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", "a", "b", "c", "d", "x y", "é"};
    private static final long[] INTS = {0, 1, 2, 3, -1, 1_000_000_000_000L};
    private static final double[] REALS = {0.0, 0.5, 1.5, -2.25};

    private final SplittableRandom rnd;
    private int serial;
    /** What the last {@link #next} did, for a failure message. */
    private final List<String> kinds = new ArrayList<>();

    RandomTransactions(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** The kinds of operation in the last transaction. */
    List<String> kinds() {
        return List.copyOf(kinds);
    }

    /**
     * The operations of the next transaction.
     *
     * @param rows the rows now in the database: table to name to uuid
     */
    ArrayNode next(Map<String, SortedMap<String, String>> rows) {
        kinds.clear();
        ArrayNode ops = F.arrayNode();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            op(rows, ops);
        }
        return ops;
    }

    private void op(Map<String, SortedMap<String, String>> rows, ArrayNode ops) {
        List<String> parents = List.copyOf(rows.get("Parent").values());
        List<String> targets = List.copyOf(rows.get("Target").values());
        List<String> children = List.copyOf(rows.get("Child").values());
        int r = rnd.nextInt(100);
        if (parents.isEmpty() || r < 14 || (r < 20 && parents.size() < 4)) {
            kinds.add("insert Parent");
            ops.add(insert("Parent", parentRow(targets, children, ops, true)));
        } else if (targets.isEmpty() || r < 22) {
            kinds.add("insert Target");
            ObjectNode row = F.objectNode().put("name", "t" + serial++);
            if (rnd.nextBoolean()) {
                row.put("level", pick(INTS));
            }
            ops.add(insert("Target", row));
        } else if (r < 45) {
            kinds.add("update Parent");
            ops.add(update("Parent", pick(parents), parentRow(targets, children, ops, false)));
        } else if (r < 65) {
            kinds.add("mutate Parent");
            ops.add(mutate("Parent", pick(parents), parentMutations(targets, children)));
        } else if (r < 73 || parents.size() > 14) {
            kinds.add("delete Parent");
            ops.add(delete("Parent", pick(parents)));
        } else if (r < 82) {
            kinds.add("delete Target (weak references to it vanish)");
            ops.add(delete("Target", pick(targets)));
        } else if (r < 88) {
            kinds.add("update Target");
            ops.add(update("Target", pick(targets), F.objectNode().set("level", rnd.nextBoolean() ? empty()
                    : F.numberNode(pick(INTS)))));
        } else if (children.isEmpty() || r < 94) {
            kinds.add("update Parent child (a new Child, the old one collected)");
            String name = "c" + serial++;
            ops.add(insertNamed("Child", childRow(name), name));
            ops.add(update("Parent", pick(parents), F.objectNode().set("child", F.arrayNode().add("named-uuid").add(name))));
        } else {
            kinds.add("mutate and update Child");
            String child = pick(children);
            ops.add(mutate("Child", child, List.of(mutation("size", "+=", F.numberNode(1 + rnd.nextInt(3))),
                    mutation("tags", rnd.nextBoolean() ? "insert" : "delete", stringSet()))));
            ops.add(update("Child", child, F.objectNode().set("note", rnd.nextBoolean() ? empty() : F.stringNode(pick(STRINGS)))));
        }
    }

    /** Columns of a Parent: all of them for an insert (each with a chance), some for an update. */
    private ObjectNode parentRow(List<String> targets, List<String> children, ArrayNode ops, boolean insert) {
        ObjectNode row = F.objectNode();
        if (insert) {
            row.put("name", "p" + serial++);
        }
        int chance = insert ? 60 : 25;
        if (hit(chance)) row.put("label", pick(STRINGS));
        if (hit(chance)) row.put("count", pick(INTS));
        if (hit(chance)) row.put("ratio", REALS[rnd.nextInt(REALS.length)]);
        if (hit(chance)) row.put("flag", rnd.nextBoolean());
        if (hit(chance)) row.set("opt", rnd.nextInt(3) == 0 ? empty() : F.stringNode(pick(STRINGS)));
        if (hit(chance)) row.set("opt_int", rnd.nextInt(3) == 0 ? empty() : F.numberNode(pick(INTS)));
        if (hit(chance)) row.set("tags", stringSet());
        if (hit(chance)) row.set("nums", intSet(rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(3))); // 0: violates min 1
        if (hit(chance)) row.set("attrs", stringMap());
        if (hit(chance)) row.set("one_map", rnd.nextInt(3) == 0 ? map(F.arrayNode())
                : map(F.arrayNode().add(F.arrayNode().add(pick(STRINGS)).add(pick(INTS)))));
        if (hit(chance)) {
            if (children.isEmpty() || rnd.nextBoolean()) {
                String name = "c" + serial++;
                ops.add(insertNamed("Child", childRow(name), name));
                row.set("child", F.arrayNode().add("named-uuid").add(name));
            } else {
                row.set("child", rnd.nextInt(3) == 0 ? empty() : uuid(pick(children)));
            }
        }
        if (hit(chance) && !children.isEmpty()) row.set("children", uuidSet(children));
        if (hit(chance)) row.set("peer", targets.isEmpty() || rnd.nextInt(3) == 0 ? empty() : uuid(weakTarget(targets)));
        if (hit(chance)) row.set("peers", uuidSet(targets));
        if (hit(chance)) {
            ArrayNode pairs = F.arrayNode();
            for (String k : subset(STRINGS)) {
                if (!targets.isEmpty()) {
                    pairs.add(F.arrayNode().add(k).add(uuid(weakTarget(targets))));
                }
            }
            row.set("peer_map", map(pairs));
        }
        return row;
    }

    /** Now and then a weak reference to a row that never existed: the server drops it. */
    private String weakTarget(List<String> targets) {
        return rnd.nextInt(15) == 0 ? "0000beef-0000-4000-8000-" + String.format("%012x", rnd.nextInt(1 << 24)) : pick(targets);
    }

    private List<JsonNode> parentMutations(List<String> targets, List<String> children) {
        List<JsonNode> m = new ArrayList<>();
        switch (rnd.nextInt(9)) {
            case 0 -> m.add(mutation("count", pick(new String[] {"+=", "-=", "*=", "/=", "%="}), F.numberNode(1 + rnd.nextInt(3))));
            case 1 -> m.add(mutation("tags", rnd.nextBoolean() ? "insert" : "delete", stringSet()));
            case 2 -> m.add(mutation("nums", rnd.nextBoolean() ? "insert" : "delete", intSet(1 + rnd.nextInt(2))));
            case 3 -> m.add(mutation("attrs", "insert", stringMap()));
            case 4 -> m.add(rnd.nextBoolean() ? mutation("attrs", "delete", stringMap()) // pairs that match key and value
                    : mutation("attrs", "delete", stringSet())); // keys
            case 5 -> m.add(mutation("opt_int", "+=", F.numberNode(1 + rnd.nextInt(3))));
            case 6 -> {
                if (!children.isEmpty()) {
                    m.add(mutation("children", rnd.nextBoolean() ? "insert" : "delete", uuidSet(children)));
                }
            }
            case 7 -> m.add(mutation("peers", rnd.nextBoolean() ? "insert" : "delete", uuidSet(targets)));
            default -> m.add(mutation("peer_map", "delete", stringSet()));
        }
        if (m.isEmpty()) {
            m.add(mutation("count", "+=", F.numberNode(1)));
        }
        return m;
    }

    private ObjectNode childRow(String name) {
        ObjectNode row = F.objectNode().put("name", name);
        if (rnd.nextBoolean()) row.put("size", pick(INTS));
        if (rnd.nextBoolean()) row.set("note", F.stringNode(pick(STRINGS)));
        if (rnd.nextBoolean()) row.set("tags", stringSet());
        return row;
    }

    private boolean hit(int percent) {
        return rnd.nextInt(100) < percent;
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private long pick(long[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private String pick(List<String> a) {
        return a.get(rnd.nextInt(a.size()));
    }

    private List<String> subset(String[] pool) {
        List<String> out = new ArrayList<>();
        for (String s : pool) {
            if (rnd.nextInt(3) == 0) {
                out.add(s);
            }
        }
        return out;
    }

    private static ArrayNode empty() {
        return F.arrayNode().add("set").add(F.arrayNode());
    }

    private static ArrayNode map(ArrayNode pairs) {
        return F.arrayNode().add("map").add(pairs);
    }

    private static ArrayNode uuid(String u) {
        return F.arrayNode().add("uuid").add(u);
    }

    /** A set, sometimes written as its one atom, as RFC 7047 allows. */
    private JsonNode set(List<JsonNode> atoms) {
        if (atoms.size() == 1 && rnd.nextBoolean()) {
            return atoms.getFirst();
        }
        ArrayNode a = F.arrayNode();
        atoms.forEach(a::add);
        return F.arrayNode().add("set").add(a);
    }

    private JsonNode stringSet() {
        return set(subset(STRINGS).stream().map(s -> (JsonNode) F.stringNode(s)).toList());
    }

    private JsonNode intSet(int n) {
        java.util.TreeSet<Integer> v = new java.util.TreeSet<>();
        while (v.size() < n) {
            v.add(rnd.nextInt(10));
        }
        return set(v.stream().map(i -> (JsonNode) F.numberNode(i)).toList());
    }

    private JsonNode uuidSet(List<String> pool) {
        List<JsonNode> out = new ArrayList<>();
        for (String u : pool) {
            if (rnd.nextInt(3) == 0) {
                out.add(uuid(u));
            }
        }
        return set(out);
    }

    private ArrayNode stringMap() {
        ArrayNode pairs = F.arrayNode();
        for (String k : subset(STRINGS)) {
            pairs.add(F.arrayNode().add(k).add(pick(STRINGS)));
        }
        return map(pairs);
    }

    private static ObjectNode insert(String table, ObjectNode row) {
        ObjectNode op = F.objectNode().put("op", "insert").put("table", table);
        op.set("row", row);
        return op;
    }

    private static ObjectNode insertNamed(String table, ObjectNode row, String uuidName) {
        return insert(table, row).put("uuid-name", uuidName);
    }

    private static ArrayNode where(String uuid) {
        return F.arrayNode().add(F.arrayNode().add("_uuid").add("==").add(uuid(uuid)));
    }

    private static ObjectNode update(String table, String uuid, ObjectNode row) {
        ObjectNode op = F.objectNode().put("op", "update").put("table", table);
        op.set("where", where(uuid));
        op.set("row", row);
        return op;
    }

    private static ObjectNode mutate(String table, String uuid, List<JsonNode> mutations) {
        ObjectNode op = F.objectNode().put("op", "mutate").put("table", table);
        op.set("where", where(uuid));
        ArrayNode m = F.arrayNode();
        mutations.forEach(m::add);
        op.set("mutations", m);
        return op;
    }

    private static ObjectNode delete(String table, String uuid) {
        ObjectNode op = F.objectNode().put("op", "delete").put("table", table);
        op.set("where", where(uuid));
        return op;
    }

    private static JsonNode mutation(String column, String mutator, JsonNode value) {
        return F.arrayNode().add(column).add(mutator).add(value);
    }
}
