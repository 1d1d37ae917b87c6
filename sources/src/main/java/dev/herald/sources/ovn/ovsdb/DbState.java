package dev.herald.sources.ovn.ovsdb;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A client's copy of the monitored rows: table, row uuid, column values (as OVSDB JSON, absent
 * meaning the column's default). Pure and single-owner: the monitor's thread applies updates,
 * readers get an immutable {@link #snapshot}.
 */
public final class DbState {
    private final Schema schema;
    private final Map<String, Map<String, Map<String, JsonNode>>> tables = new HashMap<>();
    /** Rows inserted, modified or deleted since {@link #drainTouched}, by table. */
    private Map<String, java.util.Set<String>> touched = new HashMap<>();

    public DbState(Schema schema) {
        this.schema = schema;
    }

    /** What one update did to the rows, for logs and counters. */
    public record Changes(int inserted, int modified, int deleted) {
        public static final Changes NONE = new Changes(0, 0, 0);

        public boolean any() {
            return inserted + modified + deleted > 0;
        }

        Changes plus(Changes o) {
            return new Changes(inserted + o.inserted, modified + o.modified, deleted + o.deleted);
        }
    }

    /**
     * Applies {@code <table-updates2>} (update2 and update3 notifications, monitor_cond and
     * monitor_cond_since replies). A row that is not valid is a protocol error: the caller drops
     * the connection and resynchronises rather than keep a copy it cannot trust.
     */
    public Changes applyUpdate2(JsonNode tableUpdates) {
        return applyRows(tableUpdates, "table-updates2", this::applyRow2);
    }

    private RowChange applyRow2(String table, Map<String, Map<String, JsonNode>> rows, String uuid, JsonNode u) {
        requireObject(u, table + " row " + uuid);
        if (u.has("initial") || u.has("insert")) {
            JsonNode cols = u.has("initial") ? u.get("initial") : u.get("insert");
            requireObject(cols, table + " row " + uuid);
            rows.put(uuid, columns(cols));
            touch(table, uuid);
            return RowChange.INSERTED;
        }
        if (u.has("modify")) {
            Map<String, JsonNode> row = rows.get(uuid);
            if (row == null) {
                throw new OvsdbException("modify of unknown " + table + " row " + uuid);
            }
            Map<String, JsonNode> next = new HashMap<>(row);
            for (var c : u.get("modify").properties()) {
                JsonNode old = row.get(c.getKey());
                if (old == null) {
                    old = schema.defaultValue(table, c.getKey()); // left out of the insert: its default
                }
                next.put(c.getKey(), Datum.applyDiff(schema.kind(table, c.getKey()), old, c.getValue()));
            }
            rows.put(uuid, next);
            touch(table, uuid);
            return RowChange.MODIFIED;
        }
        if (u.has("delete")) {
            if (rows.remove(uuid) == null) {
                return RowChange.NONE;
            }
            touch(table, uuid);
            return RowChange.DELETED;
        }
        throw new OvsdbException("unknown row update for " + table + " " + uuid + ": " + Schema.abbreviate(u));
    }

    /** Applies {@code <table-updates>} of the original monitor (RFC 7047 4.1.6): "new" holds every monitored column. */
    public Changes applyUpdate1(JsonNode tableUpdates) {
        return applyRows(tableUpdates, "table-updates", this::applyRow1);
    }

    private RowChange applyRow1(String table, Map<String, Map<String, JsonNode>> rows, String uuid, JsonNode u) {
        JsonNode nw = u.get("new");
        touch(table, uuid);
        if (nw == null || nw.isNull()) {
            return rows.remove(uuid) != null ? RowChange.DELETED : RowChange.NONE;
        }
        requireObject(nw, table + " row " + uuid);
        return rows.put(uuid, columns(nw)) == null ? RowChange.INSERTED : RowChange.MODIFIED;
    }

    /** What one row update did, for {@link Changes}. */
    private enum RowChange { INSERTED, MODIFIED, DELETED, NONE }

    /** One row update of either notification format, applied to the table's {@code rows}. */
    private interface RowUpdate {
        RowChange apply(String table, Map<String, Map<String, JsonNode>> rows, String uuid, JsonNode update);
    }

    /**
     * The walk both notification formats share (table by table, row by row), counting what each
     * row update did; the formats differ only in how one row's update reads.
     */
    private Changes applyRows(JsonNode tableUpdates, String what, RowUpdate update) {
        int[] counts = new int[RowChange.values().length];
        requireObject(tableUpdates, what);
        for (var t : tableUpdates.properties()) {
            String table = t.getKey();
            Map<String, Map<String, JsonNode>> rows = tables.computeIfAbsent(table, k -> new HashMap<>());
            requireObject(t.getValue(), table + " updates");
            for (var r : t.getValue().properties()) {
                counts[update.apply(table, rows, r.getKey(), r.getValue()).ordinal()]++;
            }
        }
        return new Changes(counts[RowChange.INSERTED.ordinal()], counts[RowChange.MODIFIED.ordinal()],
                counts[RowChange.DELETED.ordinal()]);
    }

    /**
     * Makes this state equal to {@code snapshot} (a full copy taken after the server lost our
     * transaction id) and says what differed: rows present in both with equal columns are
     * untouched, so whatever is computed from the state changes only where the database did.
     */
    public Changes replaceWith(DbState snapshot) {
        Changes c = Changes.NONE;
        java.util.Set<String> names = new java.util.HashSet<>(tables.keySet());
        names.addAll(snapshot.tables.keySet());
        for (String t : names) {
            Map<String, Map<String, JsonNode>> mine = tables.getOrDefault(t, Map.of());
            Map<String, Map<String, JsonNode>> theirs = snapshot.tables.getOrDefault(t, Map.of());
            int ins = 0;
            int mod = 0;
            int del = 0;
            for (var e : theirs.entrySet()) {
                Map<String, JsonNode> old = mine.get(e.getKey());
                if (old == null) {
                    touch(t, e.getKey());
                    ins++;
                } else if (!old.equals(e.getValue())) {
                    touch(t, e.getKey());
                    mod++;
                }
            }
            for (String uuid : mine.keySet()) {
                if (!theirs.containsKey(uuid)) {
                    touch(t, uuid);
                    del++;
                }
            }
            c = c.plus(new Changes(ins, mod, del));
        }
        tables.clear();
        snapshot.tables.forEach((t, rows) -> tables.put(t, new HashMap<>(rows)));
        return c;
    }

    private void touch(String table, String uuid) {
        touched.computeIfAbsent(table, k -> new java.util.HashSet<>()).add(uuid);
    }

    /**
     * The rows (by table) inserted, modified or deleted since the last call, a full
     * {@link #replaceWith} counting only those that differed; then forgets them. What is computed
     * from the copy can then follow it row by row instead of starting over.
     */
    public Map<String, java.util.Set<String>> drainTouched() {
        Map<String, java.util.Set<String>> out = touched;
        touched = new HashMap<>();
        return out;
    }

    public Schema schema() {
        return schema;
    }

    /** The rows of {@code table} (a live read-only view: use on the owning thread only). */
    public Map<String, Map<String, JsonNode>> rows(String table) {
        return java.util.Collections.unmodifiableMap(tables.getOrDefault(table, Map.of()));
    }

    /** No row in any table. */
    public boolean isEmpty() {
        return tables.values().stream().allMatch(Map::isEmpty);
    }

    public int size(String table) {
        return tables.getOrDefault(table, Map.of()).size();
    }

    private static Map<String, JsonNode> columns(JsonNode cols) {
        Map<String, JsonNode> row = new HashMap<>();
        for (var c : cols.properties()) {
            row.put(c.getKey(), c.getValue());
        }
        return row;
    }

    private static void requireObject(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new OvsdbException(what + " is not a JSON object: " + Schema.abbreviate(n));
        }
    }
}
