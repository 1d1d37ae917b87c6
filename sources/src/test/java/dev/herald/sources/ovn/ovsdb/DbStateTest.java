package dev.herald.sources.ovn.ovsdb;

import static dev.herald.sources.ovn.Fixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.sources.ovn.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DbStateTest {
    @Test
    void capturedSnapshotThenCapturedUpdate3() {
        DbState s = new DbState(Fixtures.schema());
        JsonNode reply = Fixtures.json("since-initial.json").path("result");
        assertEquals(false, reply.path(0).asBoolean());
        DbState.Changes c = s.applyUpdate2(reply.path(2));
        assertEquals(new DbState.Changes(15, 0, 0), c);
        assertEquals(10, s.size("Advertised_Route"));
        JsonNode note = Fixtures.json("update3.json");
        assertEquals("update3", note.path("method").asString());
        assertEquals(new DbState.Changes(2, 0, 0), s.applyUpdate2(note.path("params").path(2)));
        assertEquals(12, s.size("Advertised_Route"));
    }

    @Test
    void modifyAppliesSetAndMapDiffsAndScalarValues() {
        DbState s = new DbState(Fixtures.schema());
        s.applyUpdate2(j("""
                {"Port_Binding":{"u1":{"insert":{"logical_port":"p","options":["map",[["a","1"],["b","2"]]],
                 "chassis":["set",[]],"mac":["set",["m1","m2"]]}}}}"""));
        s.applyUpdate2(j("""
                {"Port_Binding":{"u1":{"modify":{"logical_port":"q","options":["map",[["a","1"],["b","3"],["c","4"]]],
                 "chassis":["uuid","c1"],"mac":["set",["m1","m3"]]}}}}"""));
        Map<String, JsonNode> row = s.rows("Port_Binding").get("u1");
        assertEquals("q", Datum.optionalText(row.get("logical_port")));
        assertEquals(Map.of("b", "3", "c", "4"), Datum.stringMap(row.get("options"))); // same value: removed
        assertEquals("c1", Datum.optionalText(row.get("chassis")));
        assertEquals(java.util.List.of("m2", "m3"), Datum.elements(row.get("mac")).stream().map(Datum::atomText).toList());
        // an optional column's diff is its new value, an empty set when it is emptied
        s.applyUpdate2(j("{\"Port_Binding\":{\"u1\":{\"modify\":{\"chassis\":[\"uuid\",\"c2\"]}}}}"));
        assertEquals("c2", Datum.optionalText(s.rows("Port_Binding").get("u1").get("chassis")));
        s.applyUpdate2(j("{\"Port_Binding\":{\"u1\":{\"modify\":{\"chassis\":[\"set\",[]]}}}}"));
        assertEquals(null, Datum.optionalText(s.rows("Port_Binding").get("u1").get("chassis")));
        assertEquals(new DbState.Changes(0, 0, 1), s.applyUpdate2(j("{\"Port_Binding\":{\"u1\":{\"delete\":null}}}")));
    }

    @Test
    void update1NewReplacesRowsAndNullDeletes() {
        DbState s = new DbState(Fixtures.schema());
        assertEquals(new DbState.Changes(1, 0, 0), s.applyUpdate1(j("{\"Chassis\":{\"c\":{\"new\":{\"name\":\"gw1\"}}}}")));
        assertEquals(new DbState.Changes(0, 1, 0),
                s.applyUpdate1(j("{\"Chassis\":{\"c\":{\"old\":{\"name\":\"gw1\"},\"new\":{\"name\":\"gw2\"}}}}")));
        assertEquals(new DbState.Changes(0, 0, 1), s.applyUpdate1(j("{\"Chassis\":{\"c\":{\"old\":{\"name\":\"gw2\"}}}}")));
    }

    @Test
    void replaceWithDiffsTheSnapshotAgainstTheCopy() {
        DbState s = Fixtures.state("sb-gw1.json");
        DbState snap = Fixtures.state("sb-gw1.json");
        assertEquals(DbState.Changes.NONE, s.replaceWith(snap)); // same database: nothing changed
        DbState other = Fixtures.state("sb-gw2.json");
        DbState.Changes c = s.replaceWith(other);
        assertEquals(s.size("Port_Binding"), other.size("Port_Binding"));
        assertEquals(true, c.any());
        // Advertised_Route rows are the same in both (only Port_Binding and Chassis differ by chassis)
        assertEquals(17, s.size("Advertised_Route"));
    }

    @Test
    void garbageIsAProtocolError() {
        DbState s = new DbState(Fixtures.schema());
        assertThrows(OvsdbException.class, () -> s.applyUpdate2(j("[1,2]")));
        assertThrows(OvsdbException.class, () -> s.applyUpdate2(j("{\"Chassis\":{\"x\":{\"modify\":{\"name\":\"a\"}}}}")));
        assertThrows(OvsdbException.class, () -> s.applyUpdate2(j("{\"Chassis\":{\"x\":{\"bogus\":{}}}}")));
    }

    @Test
    void schemaKinds() {
        Schema sc = Fixtures.schema();
        assertEquals("OVN_Southbound", sc.name());
        assertEquals(Schema.ColumnKind.SINGLE, sc.kind("Advertised_Route", "tracked_port"));
        assertEquals(Schema.ColumnKind.SINGLE, sc.kind("Advertised_Route", "ip_prefix"));
        assertEquals(Schema.ColumnKind.MAP, sc.kind("Port_Binding", "options"));
        assertEquals(Schema.ColumnKind.SET, sc.kind("Port_Binding", "mac"));
    }
}
