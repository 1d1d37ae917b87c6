package dev.herald.sources.ovn.ovsdb;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The value of a column left out of a row (RFC 7047 5.1: "initial" and "insert" omit columns
 * holding their default): {@code min} default atoms (0, 0.0, false, "", the all-zero uuid), so
 * empty unless min is 1. An update2 set or map diff of such a column applies to that value.
 */
final class ColumnDefault {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ColumnDefault() {
    }

    /** The default of a column of this {@code <type>}, or null when it is empty. */
    static JsonNode of(JsonNode type) {
        if (type.isString()) {
            return atom(type.asString());
        }
        if (type.path("min").asLong(1) < 1) {
            return null;
        }
        JsonNode key = atom(baseType(type.path("key")));
        if (!type.has("value")) {
            return key;
        }
        return F.arrayNode().add("map").add(F.arrayNode().add(F.arrayNode().add(key).add(atom(baseType(type.path("value"))))));
    }

    private static String baseType(JsonNode base) {
        return base.isString() ? base.asString() : base.path("type").asString("");
    }

    private static JsonNode atom(String type) {
        return switch (type) {
            case "integer" -> F.numberNode(0); // an IntNode, as Jackson parses a small integer: set diffs compare nodes
            case "real" -> F.numberNode(0.0);
            case "boolean" -> F.booleanNode(false);
            case "string" -> F.stringNode("");
            case "uuid" -> F.arrayNode().add("uuid").add("00000000-0000-0000-0000-000000000000");
            default -> throw new OvsdbException("unknown atomic type '" + type + "'");
        };
    }
}
