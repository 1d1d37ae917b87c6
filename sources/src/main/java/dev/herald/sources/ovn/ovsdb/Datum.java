package dev.herald.sources.ovn.ovsdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reading and combining OVSDB's JSON values (RFC 7047 section 5.1): an atom is a string, number,
 * boolean or {@code ["uuid", U]}; a set is one atom or {@code ["set", [...]]}; a map is
 * {@code ["map", [[k, v], ...]]}. An absent column holds its default (empty for sets and maps).
 */
public final class Datum {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Datum() {
    }

    /** A set's elements (an absent value or an empty set: none). */
    public static List<JsonNode> elements(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (v.isArray() && v.size() == 2 && "set".equals(v.get(0).asString(null))) {
            List<JsonNode> out = new ArrayList<>(v.get(1).size());
            v.get(1).forEach(out::add);
            return out;
        }
        return List.of(v);
    }

    /** A map's pairs, in order; keys and values as JSON atoms. */
    public static Map<JsonNode, JsonNode> pairs(JsonNode v) {
        Map<JsonNode, JsonNode> out = new LinkedHashMap<>();
        if (v != null && v.isArray() && v.size() == 2 && "map".equals(v.get(0).asString(null))) {
            for (JsonNode pair : v.get(1)) {
                if (pair.isArray() && pair.size() == 2) {
                    out.put(pair.get(0), pair.get(1));
                }
            }
        }
        return out;
    }

    /**
     * A string-to-string map (the usual options / external_ids). A pair whose key or value is
     * JSON null (no OVSDB atom) is left out, so a lookup never finds a key mapped to null.
     */
    public static Map<String, String> stringMap(JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        pairs(v).forEach((k, val) -> {
            String key = atomText(k);
            String value = atomText(val);
            if (key != null && value != null) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** An atom as text: a string as is, a uuid as its text, a number or boolean in JSON form. */
    public static String atomText(JsonNode a) {
        if (a == null || a.isMissingNode() || a.isNull()) {
            return null;
        }
        if (a.isString()) {
            return a.asString();
        }
        if (a.isArray() && a.size() == 2 && ("uuid".equals(a.get(0).asString(null)) || "named-uuid".equals(a.get(0).asString(null)))) {
            return a.get(1).asString();
        }
        return a.toString();
    }

    /** The single value of a scalar or optional column, as text; null when the set is empty. */
    public static String optionalText(JsonNode v) {
        // as elements(v).get(0), without a list per call: this runs for every column of every row
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isArray() && v.size() == 2 && "set".equals(v.get(0).asString(null))) {
            JsonNode set = v.get(1);
            return set.isEmpty() ? null : atomText(set.get(0));
        }
        return atomText(v);
    }

    /** The value of {@code old} after an {@code update2} "modify" of a column of that kind. */
    public static JsonNode applyDiff(Schema.ColumnKind kind, JsonNode old, JsonNode diff) {
        switch (kind) {
            case SINGLE -> {
                return diff; // the new value itself (["set",[]]: now empty), never a difference
            }
            case SET -> {
                List<JsonNode> now = new ArrayList<>(elements(old));
                for (JsonNode d : elements(diff)) {
                    if (!now.remove(d)) {
                        now.add(d);
                    }
                }
                ArrayNode arr = F.arrayNode();
                now.forEach(arr::add);
                return F.arrayNode().add("set").add(arr);
            }
            case MAP -> {
                Map<JsonNode, JsonNode> now = new LinkedHashMap<>(pairs(old));
                pairs(diff).forEach((k, v) -> {
                    JsonNode prev = now.get(k);
                    if (prev != null && prev.equals(v)) {
                        now.remove(k);
                    } else {
                        now.put(k, v);
                    }
                });
                ArrayNode arr = F.arrayNode();
                now.forEach((k, v) -> arr.add(F.arrayNode().add(k).add(v)));
                return F.arrayNode().add("map").add(arr);
            }
            default -> throw new IllegalStateException();
        }
    }
}
