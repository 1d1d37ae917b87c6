package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OvsdbRemoteTest {
    @Test
    void formsOvnAccepts() {
        assertEquals("tcp:192.0.2.1:6642", OvsdbRemote.parse("tcp:192.0.2.1:6642", 6642).toString());
        assertEquals("ssl:[fd00::1]:6642", OvsdbRemote.parse("ssl:[fd00::1]", 6642).toString());
        assertEquals(6642, OvsdbRemote.parse("tcp:sb.example", 6642).port());
        assertEquals(OvsdbRemote.Kind.UNIX, OvsdbRemote.parse("unix:/var/run/ovn/ovnsb_db.sock", 6642).kind());
        List<OvsdbRemote> l = OvsdbRemote.parseList("tcp:127.0.0.1:1,tcp:127.0.0.1:2, tcp:127.0.0.1:3", 6642);
        assertEquals(3, l.size());
        assertEquals(3, l.get(2).port());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse("tcp:fd00::1:6642", 6642)).getMessage()
                .contains("brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse("http:x:1", 6642)).getMessage()
                .contains("unknown remote type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse("tcp:x:99999", 6642)).getMessage()
                .contains("1..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parse("unix:rel/path", 6642)).getMessage()
                .contains("absolute"));
        assertThrows(IllegalArgumentException.class, () -> OvsdbRemote.parseList("tcp:a:1,,tcp:b:2", 6642));
    }
}
