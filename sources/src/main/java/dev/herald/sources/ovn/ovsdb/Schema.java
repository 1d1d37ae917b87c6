package dev.herald.sources.ovn.ovsdb;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a database schema (RFC 7047 section 3.2) a monitoring client needs: which tables
 * and columns exist, and whether a column holds a single value, a set or a map, because an
 * {@code update2} "modify" means different things for each; and for a set or map whose min is
 * 1, the default a diff applies to when the column was left out of the row.
 */
public record Schema(String name, String version, Map<String, Map<String, ColumnKind>> tables,
        Map<String, Map<String, JsonNode>> defaults) {
    /**
     * How a column's {@code update2} "modify" diff is applied (ovsdb-server(7) section 4.1.14;
     * OVS's ovsdb_datum_diff() tells a single value from a composite one by max alone).
     */
    public enum ColumnKind {
        /**
         * At most one value (max 1): a scalar, an optional value (min 0), even a map of at most
         * one pair. A "modify" carries the new value; an empty set means the column is now empty.
         */
        SINGLE,
        /** A set with max above 1: a "modify" carries the symmetric difference. */
        SET,
        /** A map with max above 1: a "modify" carries pairs to add, to remove (same value) or to replace (other value). */
        MAP
    }

    public Schema {
        Map<String, Map<String, ColumnKind>> copy = new LinkedHashMap<>();
        tables.forEach((t, cols) -> copy.put(t, Map.copyOf(cols)));
        tables = java.util.Collections.unmodifiableMap(copy);
        Map<String, Map<String, JsonNode>> defs = new LinkedHashMap<>();
        defaults.forEach((t, cols) -> defs.put(t, Map.copyOf(cols)));
        defaults = java.util.Collections.unmodifiableMap(defs);
    }

    /** A schema whose sets and maps all default to empty. */
    public Schema(String name, String version, Map<String, Map<String, ColumnKind>> tables) {
        this(name, version, tables, Map.of());
    }

    /** Parses a {@code get_schema} result. */
    public static Schema parse(JsonNode schema) {
        if (schema == null || !schema.isObject() || !schema.path("tables").isObject()) {
            throw new OvsdbException("not a database schema: " + abbreviate(schema));
        }
        Map<String, Map<String, ColumnKind>> tables = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> defaults = new LinkedHashMap<>();
        for (var t : schema.path("tables").properties()) {
            Map<String, ColumnKind> cols = new LinkedHashMap<>();
            Map<String, JsonNode> defs = new LinkedHashMap<>();
            for (var c : t.getValue().path("columns").properties()) {
                JsonNode type = c.getValue().path("type");
                ColumnKind kind = kind(type);
                cols.put(c.getKey(), kind);
                JsonNode def = kind == ColumnKind.SINGLE ? null : ColumnDefault.of(type); // a single value's diff replaces it
                if (def != null) {
                    defs.put(c.getKey(), def);
                }
            }
            tables.put(t.getKey(), cols);
            if (!defs.isEmpty()) {
                defaults.put(t.getKey(), defs);
            }
        }
        return new Schema(schema.path("name").asString(""), schema.path("version").asString(""), tables, defaults);
    }

    static ColumnKind kind(JsonNode type) {
        if (type.isString()) {
            return ColumnKind.SINGLE; // an atomic type alone: exactly one value
        }
        JsonNode maxNode = type.path("max");
        long max = maxNode.isString() ? Long.MAX_VALUE : maxNode.asLong(1); // "unlimited"
        if (max <= 1) {
            return ColumnKind.SINGLE; // min plays no part: an optional value is no set on the wire
        }
        return type.has("value") ? ColumnKind.MAP : ColumnKind.SET;
    }

    public boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    public ColumnKind kind(String table, String column) {
        Map<String, ColumnKind> cols = tables.get(table);
        ColumnKind k = cols == null ? null : cols.get(column);
        return k == null ? ColumnKind.SINGLE : k;
    }

    /** What a column left out of a row holds, as a diff's starting point: null for empty (or a single value). */
    public JsonNode defaultValue(String table, String column) {
        return defaults.getOrDefault(table, Map.of()).get(column);
    }

    static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
