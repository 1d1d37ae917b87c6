package dev.herald.sources.ovn;

import static dev.herald.sources.ovn.Fixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.herald.sources.ovn.ovsdb.DbState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The monitor conditions: only the rows and columns the announcement needs. */
class SbRequestsTest {
    @Test
    void onlyNeededRowsAndColumnsAndThisChassisPortsOnceItsRowIsKnown() {
        DbState state = new DbState(Fixtures.schema());
        ObjectNode before = new SbRequests("gw1").build(Fixtures.schema(), state);
        assertEquals(j("[{\"columns\":[\"datapath\",\"logical_port\",\"ip_prefix\",\"tracked_port\"]}]"),
                before.get("Advertised_Route"));
        assertEquals(j("[{\"columns\":[\"external_ids\",\"tunnel_key\"]}]"), before.get("Datapath_Binding"));
        assertEquals(j("[{\"columns\":[\"name\"],\"where\":[[\"name\",\"==\",\"gw1\"]]}]"), before.get("Chassis"));
        assertEquals(j("[{\"columns\":[\"logical_port\",\"type\",\"chassis\",\"datapath\",\"options\",\"mac\"],\"where\":["
                + "[\"type\",\"==\",\"l3gateway\"],[\"type\",\"==\",\"chassisredirect\"],[\"type\",\"==\",\"patch\"]]}]"),
                before.get("Port_Binding"));
        assertEquals(4, before.size(), "no other table: " + before.propertyNames());
        assertFalse(before.has("Logical_Flow"));

        state.applyUpdate2(j("{\"Chassis\":{\"0f0e0d0c-0000-0000-0000-000000000001\":{\"insert\":{\"name\":\"gw1\"}}}}"));
        ObjectNode after = new SbRequests("gw1").build(Fixtures.schema(), state);
        assertEquals(j("[[\"type\",\"==\",\"l3gateway\"],[\"type\",\"==\",\"chassisredirect\"],[\"type\",\"==\",\"patch\"],"
                + "[\"chassis\",\"==\",[\"uuid\",\"0f0e0d0c-0000-0000-0000-000000000001\"]]]"),
                after.get("Port_Binding").get(0).get("where"));
    }
}
