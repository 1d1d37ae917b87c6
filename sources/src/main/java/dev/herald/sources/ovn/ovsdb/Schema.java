package dev.herald.sources.ovn.ovsdb;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a database schema (RFC 7047 section 3.2) a monitoring client needs: which tables
 * and columns exist, and whether a column is a scalar, a set or a map, because an
 * {@code update2} "modify" means different things for each.
 */
public record Schema(String name, String version, Map<String, Map<String, ColumnKind>> tables) {
    public enum ColumnKind {
        /** Exactly one atom: a "modify" carries the new value. */
        SCALAR,
        /** A set (including an optional value, min 0 max 1): a "modify" carries the symmetric difference. */
        SET,
        /** A map: a "modify" carries pairs to add, to remove (same value) or to replace (other value). */
        MAP
    }

    public Schema {
        Map<String, Map<String, ColumnKind>> copy = new LinkedHashMap<>();
        tables.forEach((t, cols) -> copy.put(t, Map.copyOf(cols)));
        tables = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses a {@code get_schema} result. */
    public static Schema parse(JsonNode schema) {
        if (schema == null || !schema.isObject() || !schema.path("tables").isObject()) {
            throw new OvsdbException("not a database schema: " + abbreviate(schema));
        }
        Map<String, Map<String, ColumnKind>> tables = new LinkedHashMap<>();
        for (var t : schema.path("tables").properties()) {
            Map<String, ColumnKind> cols = new LinkedHashMap<>();
            for (var c : t.getValue().path("columns").properties()) {
                cols.put(c.getKey(), kind(c.getValue().path("type")));
            }
            tables.put(t.getKey(), cols);
        }
        return new Schema(schema.path("name").asString(""), schema.path("version").asString(""), tables);
    }

    static ColumnKind kind(JsonNode type) {
        if (type.isString()) {
            return ColumnKind.SCALAR;
        }
        if (type.has("value")) {
            return ColumnKind.MAP;
        }
        long min = type.path("min").asLong(1);
        JsonNode maxNode = type.path("max");
        long max = maxNode.isString() ? Long.MAX_VALUE : maxNode.asLong(1); // "unlimited"
        return min == 1 && max == 1 ? ColumnKind.SCALAR : ColumnKind.SET;
    }

    public boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    public ColumnKind kind(String table, String column) {
        Map<String, ColumnKind> cols = tables.get(table);
        ColumnKind k = cols == null ? null : cols.get(column);
        return k == null ? ColumnKind.SCALAR : k;
    }

    static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
