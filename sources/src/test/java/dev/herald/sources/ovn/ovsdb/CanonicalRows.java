package dev.herald.sources.ovn.ovsdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Rows in one comparable form, whichever way they were written: every column of the schema
 * present (an absent one holds its type's default, as RFC 7047 says of "initial" and "insert"),
 * a set or map as its sorted atoms or pairs (one atom and a one-element set are the same value),
 * each atom typed by the schema (1 and 1.0 are the same real). It reads the schema and the
 * defaults on its own, not through {@link Schema} or {@link ColumnDefault}: the copy is judged by
 * a second reading of RFC 7047, not by the code it checks.
 */
final class CanonicalRows {
    /** Table, row uuid, column: the value's canonical text. */
    record Db(Map<String, Map<String, Map<String, String>>> tables) {
    }

    private record ColumnType(String keyType, String valueType, long min) {
    }

    private final Map<String, Map<String, ColumnType>> types = new LinkedHashMap<>();

    /** @param schema an .ovsschema document */
    CanonicalRows(JsonNode schema) {
        for (var t : schema.path("tables").properties()) {
            Map<String, ColumnType> cols = new LinkedHashMap<>();
            for (var c : t.getValue().path("columns").properties()) {
                JsonNode type = c.getValue().path("type");
                if (type.isString()) {
                    cols.put(c.getKey(), new ColumnType(type.asString(), null, 1));
                } else {
                    cols.put(c.getKey(), new ColumnType(baseType(type.path("key")),
                            type.has("value") ? baseType(type.path("value")) : null, type.path("min").asLong(1)));
                }
            }
            types.put(t.getKey(), cols);
        }
    }

    private static String baseType(JsonNode base) {
        return base.isString() ? base.asString() : base.path("type").asString();
    }

    List<String> tables() {
        return List.copyOf(types.keySet());
    }

    List<String> columns(String table) {
        return List.copyOf(types.get(table).keySet());
    }

    /** herald's copy. */
    Db of(DbState state) {
        Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
        for (String t : types.keySet()) {
            Map<String, Map<String, String>> rows = new TreeMap<>();
            state.rows(t).forEach((uuid, cols) -> rows.put(uuid, row(t, cols::get)));
            out.put(t, rows);
        }
        return new Db(out);
    }

    /** The result of one transaction that selects every row of {@link #tables()}, in that order. */
    Db ofSelect(JsonNode results) {
        Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
        List<String> names = tables();
        for (int i = 0; i < names.size(); i++) {
            String t = names.get(i);
            Map<String, Map<String, String>> rows = new TreeMap<>();
            for (JsonNode r : results.path(i).path("rows")) {
                rows.put(Datum.atomText(r.get("_uuid")), row(t, r::get));
            }
            out.put(t, rows);
        }
        return new Db(out);
    }

    private Map<String, String> row(String table, java.util.function.Function<String, JsonNode> column) {
        Map<String, String> out = new TreeMap<>();
        types.get(table).forEach((name, type) -> out.put(name, value(type, column.apply(name))));
        return out;
    }

    private static String value(ColumnType type, JsonNode v) {
        List<String> items = new ArrayList<>();
        if (v == null || v.isMissingNode()) {
            if (type.min() == 1) {
                items.add(type.valueType() == null ? defaultAtom(type.keyType())
                        : defaultAtom(type.keyType()) + "=" + defaultAtom(type.valueType()));
            }
        } else if (type.valueType() != null) {
            Datum.pairs(v).forEach((k, val) -> items.add(atom(type.keyType(), k) + "=" + atom(type.valueType(), val)));
        } else {
            Datum.elements(v).forEach(a -> items.add(atom(type.keyType(), a)));
        }
        items.sort(null);
        return String.join(", ", items);
    }

    private static String defaultAtom(String type) {
        return switch (type) {
            case "integer" -> "0";
            case "real" -> "0.0";
            case "boolean" -> "false";
            case "string" -> "\"\"";
            case "uuid" -> "00000000-0000-0000-0000-000000000000";
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static String atom(String type, JsonNode a) {
        return switch (type) {
            case "integer" -> a.isIntegralNumber() ? Long.toString(a.asLong()) : "?" + a;
            case "real" -> a.isNumber() ? Double.toString(a.asDouble()) : "?" + a;
            case "boolean" -> a.isBoolean() ? Boolean.toString(a.asBoolean()) : "?" + a;
            case "string" -> a.isString() ? a.toString() : "?" + a;
            case "uuid" -> a.isArray() && "uuid".equals(a.path(0).asString(null)) ? a.path(1).asString() : "?" + a;
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** What differs, table/uuid/column: copy vs server, at most {@code limit} lines. */
    static List<String> differences(Db copy, Db server, int limit) {
        List<String> out = new ArrayList<>();
        for (String t : server.tables().keySet()) {
            Map<String, Map<String, String>> mine = copy.tables().getOrDefault(t, Map.of());
            Map<String, Map<String, String>> theirs = server.tables().get(t);
            java.util.Set<String> uuids = new java.util.TreeSet<>(mine.keySet());
            uuids.addAll(theirs.keySet());
            for (String u : uuids) {
                Map<String, String> a = mine.get(u);
                Map<String, String> b = theirs.get(u);
                if (a == null || b == null) {
                    out.add(t + " " + u + ": " + (a == null ? "missing from herald's copy" : "deleted on the server, kept in the copy"));
                    continue;
                }
                b.forEach((col, val) -> {
                    if (!val.equals(a.get(col))) {
                        out.add(t + " " + u + " " + col + ": copy [" + a.get(col) + "], server [" + val + "]");
                    }
                });
            }
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
