package dev.herald.sources.ovn.ovsdb;

import static dev.herald.sources.ovn.Fixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.sources.ovn.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An {@code update2} "modify" per column type, as ovsdb-server(7) section 4.1.14 and
 * ovsdb_datum_diff() in OVS define it: a column of at most one value (max 1: scalar, optional
 * value, map of at most one pair) carries its new value, an empty set meaning "now empty"; a set
 * with max above 1 carries the symmetric difference; a map with max above 1 carries the pairs
 * whose key appears on one side only, and for a key on both sides with another value, the new pair.
 */
class ModifyDiffTest {
    /** The value after applying {@code diff} to {@code old} in a column of type {@code type}. */
    private static JsonNode modify(String type, String old, String diff) {
        Schema s = Schema.parse(j("""
                {"name":"T","version":"1","tables":{"t":{"columns":{"c":{"type":%s}}}}}""".formatted(type)));
        DbState db = new DbState(s);
        db.applyUpdate2(j("{\"t\":{\"r\":{\"insert\":" + (old == null ? "{}" : "{\"c\":" + old + "}") + "}}}"));
        db.applyUpdate2(j("{\"t\":{\"r\":{\"modify\":{\"c\":" + diff + "}}}}"));
        return db.rows("t").get("r").get("c");
    }

    private static List<String> elements(JsonNode v) {
        return Datum.elements(v).stream().map(Datum::atomText).sorted().toList();
    }

    @Test
    void scalarTakesTheNewValue() {
        assertEquals(List.of("b"), elements(modify("\"string\"", "\"a\"", "\"b\"")));
        assertEquals(List.of("7"), elements(modify("{\"key\":\"integer\"}", "3", "7")));
    }

    @Test
    void optionalValueEmptiedByAnEmptySet() {
        // ovn-controller released cr-lr1-ext: "modify":{"chassis":["set",[]]}
        String type = "{\"key\":{\"type\":\"uuid\",\"refTable\":\"Chassis\",\"refType\":\"weak\"},\"min\":0,\"max\":1}";
        assertEquals(List.of(), elements(modify(type, "[\"uuid\",\"dd91\"]", "[\"set\",[]]")));
    }

    @Test
    void optionalValueSetFromEmptyAndReplaced() {
        String type = "{\"key\":{\"type\":\"uuid\",\"refTable\":\"Chassis\",\"refType\":\"weak\"},\"min\":0,\"max\":1}";
        // re-claim: "modify":{"chassis":["uuid","dd91..."]}
        assertEquals(List.of("dd91"), elements(modify(type, null, "[\"uuid\",\"dd91\"]")));
        assertEquals(List.of("dd91"), elements(modify(type, "[\"set\",[]]", "[\"uuid\",\"dd91\"]")));
        // another chassis takes it: the diff is the new value alone, never old and new
        assertEquals(List.of("ee02"), elements(modify(type, "[\"uuid\",\"dd91\"]", "[\"uuid\",\"ee02\"]")));
        assertEquals(List.of("x"), elements(modify("{\"key\":\"string\",\"min\":0,\"max\":1}", "\"x\"", "[\"set\",[\"x\"]]")));
    }

    @Test
    void setTakesTheSymmetricDifference() {
        String unlimited = "{\"key\":\"string\",\"min\":0,\"max\":\"unlimited\"}";
        assertEquals(List.of("a", "c"), elements(modify(unlimited, "[\"set\",[\"a\",\"b\"]]", "[\"set\",[\"b\",\"c\"]]")));
        assertEquals(List.of(), elements(modify(unlimited, "\"a\"", "\"a\"")));
        String two = "{\"key\":\"integer\",\"min\":1,\"max\":2}";
        assertEquals(List.of("1", "2"), elements(modify(two, "1", "2")));
        assertEquals(List.of("2"), elements(modify(two, "[\"set\",[1,2]]", "1")));
    }

    /**
     * Found by OvsdbDifferentialTest: an insert leaves out a column holding its default, and the
     * default of a set with min 1 is one default atom (0 for an integer), not the empty set.
     */
    @Test
    void aColumnLeftOutOfTheInsertIsDiffedFromItsDefault() {
        String minOne = "{\"key\":{\"type\":\"integer\",\"minInteger\":0,\"maxInteger\":9},\"min\":1,\"max\":3}";
        assertEquals(List.of("0", "2", "7"), elements(modify(minOne, null, "[\"set\",[2,7]]")));
        String mapMinOne = "{\"key\":\"string\",\"value\":\"boolean\",\"min\":1,\"max\":\"unlimited\"}";
        assertEquals(Map.of("", "false", "k", "true"), Datum.stringMap(modify(mapMinOne, null, "[\"map\",[[\"k\",true]]]")));
        assertEquals(List.of(), elements(modify("{\"key\":\"string\",\"min\":0,\"max\":\"unlimited\"}", null, "[\"set\",[]]")));
    }

    @Test
    void mapAddsRemovesAndReplacesPerKey() {
        String map = "{\"key\":\"string\",\"value\":\"string\",\"min\":0,\"max\":\"unlimited\"}";
        JsonNode v = modify(map, "[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"]]]", "[\"map\",[[\"a\",\"1\"],[\"b\",\"3\"],[\"c\",\"4\"]]]");
        assertEquals(Map.of("b", "3", "c", "4"), Datum.stringMap(v));
    }

    @Test
    void mapOfAtMostOnePairTakesTheNewValue() {
        String one = "{\"key\":\"string\",\"value\":\"integer\",\"min\":0,\"max\":1}";
        assertEquals(Map.of("b", "2"), Datum.stringMap(modify(one, "[\"map\",[[\"a\",1]]]", "[\"map\",[[\"b\",2]]]")));
        assertEquals(Map.of(), Datum.stringMap(modify(one, "[\"map\",[[\"a\",1]]]", "[\"map\",[]]")));
    }

    @Test
    void southboundSingleValuedColumnsAreSingle() {
        Schema sb = Fixtures.schema();
        assertEquals(Schema.ColumnKind.SINGLE, sb.kind("Port_Binding", "chassis"));
        assertEquals(Schema.ColumnKind.SINGLE, sb.kind("Advertised_Route", "tracked_port"));
        assertEquals(Schema.ColumnKind.SINGLE, sb.kind("Advertised_Route", "ip_prefix"));
        assertEquals(Schema.ColumnKind.SET, sb.kind("Port_Binding", "mac"));
        assertEquals(Schema.ColumnKind.MAP, sb.kind("Port_Binding", "options"));
    }
}
