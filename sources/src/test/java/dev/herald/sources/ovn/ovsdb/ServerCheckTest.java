package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.ovn.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ServerCheckTest {
    private static Map<String, JsonNode> row(String json) {
        Map<String, JsonNode> m = new HashMap<>();
        Fixtures.JSON.readTree(json).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static Map<String, JsonNode> clustered(boolean connected, long index, String cid) {
        return row("{\"name\":\"OVN_Southbound\",\"model\":\"clustered\",\"connected\":" + connected + ",\"leader\":false,"
                + "\"index\":" + index + ",\"cid\":[\"uuid\",\"" + cid + "\"]}");
    }

    @Test
    void standaloneIsAlwaysFine() {
        // captured from ovsdb-server 3.5 serving a standalone OVN_Southbound
        assertNull(new ServerCheck().problem("OVN_Southbound",
                row("{\"leader\":true,\"connected\":true,\"name\":\"OVN_Southbound\",\"model\":\"standalone\"}")));
    }

    @Test
    void disconnectedAndStaleMembersAreSkippedFollowersAreFine() {
        ServerCheck c = new ServerCheck();
        assertNull(c.problem("OVN_Southbound", clustered(true, 40, "c1")));
        assertTrue(c.problem("OVN_Southbound", clustered(false, 50, "c1")).contains("not connected"));
        assertTrue(c.problem("OVN_Southbound", clustered(true, 39, "c1")).contains("stale"));
        assertNull(c.problem("OVN_Southbound", clustered(true, 41, "c1")));
        // a cluster created afresh (another cid) starts its indexes over
        assertNull(c.problem("OVN_Southbound", clustered(true, 3, "c2")));
        assertTrue(c.problem("OVN_Southbound", null).contains("does not serve"));
    }

    /** A member's index grows with every commit; update2 brings each new one as the optional column's value. */
    @Test
    void theIndexFollowsUpdate2Modifies() {
        DbState server = new DbState(ServerCheck.SCHEMA);
        server.applyUpdate2(Fixtures.JSON.readTree("""
                {"Database":{"d1":{"initial":{"name":"OVN_Southbound","model":"clustered","connected":true,
                 "index":40,"cid":["uuid","c1"]}}}}"""));
        ServerCheck c = new ServerCheck();
        assertNull(c.problem("OVN_Southbound", server.rows("Database").get("d1")));
        server.applyUpdate2(Fixtures.JSON.readTree("{\"Database\":{\"d1\":{\"modify\":{\"index\":41}}}}"));
        assertNull(c.problem("OVN_Southbound", server.rows("Database").get("d1")));
        assertEquals(41, c.maxIndexSeen());
    }

    /** Found while writing OvsdbFuzzTest: a non-integer index threw NumberFormatException out of the check. */
    @Test
    void anIndexThatIsNotAnIntegerIsAProblemNotAnException() {
        ServerCheck c = new ServerCheck();
        for (String index : new String[] {"\"abc\"", "1.5", "1e400", "[\"set\",[\"x\"]]"}) {
            String p = c.problem("OVN_Southbound", row("{\"model\":\"clustered\",\"connected\":true,\"index\":" + index + "}"));
            assertTrue(p != null && p.contains("not an integer"), index + ": " + p);
        }
        assertNull(c.problem("OVN_Southbound", clustered(true, 41, "c1")));
    }
}
