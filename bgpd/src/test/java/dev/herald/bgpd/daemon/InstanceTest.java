package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import dev.herald.config.AdminConfig;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;

/** An instance name becomes a directory under /run/herald: its paths, and the names refused. */
class InstanceTest {
    private static final String ROUTER = "router:\n  asn: 65010\n  router-id: 192.0.2.1\n"
            + "peers:\n  - { name: r1, address: 192.0.2.9, asn: 65001 }\n";

    @Test
    void noNameIsHeraldAsBefore() {
        assertSame(Instance.DEFAULT, Instance.named(null));
        assertSame(Instance.DEFAULT, Instance.named(""));
        assertNull(Instance.DEFAULT.name());
        assertEquals(Path.of("/run/herald"), Instance.DEFAULT.runDirectory());
        assertEquals(AdminConfig.DEFAULT_SOCKET, Instance.DEFAULT.adminSocket());
    }

    @Test
    void aNamedInstanceLivesInRunHeraldName() {
        Instance a = Instance.named("ns-blue_1.v4");
        assertEquals("ns-blue_1.v4", a.name());
        assertEquals(Path.of("/run/herald/ns-blue_1.v4"), a.runDirectory());
        assertEquals(Path.of("/run/herald/ns-blue_1.v4/herald.sock"), a.adminSocket());
        assertEquals(Path.of("/tmp/t/ns-blue_1.v4/herald.sock"), a.under(Path.of("/tmp/t")).adminSocket());
        assertEquals(Path.of("/run/herald/" + "x".repeat(64)), Instance.named("x".repeat(64)).runDirectory());
    }

    @Test
    void namesThatAreNotOneSafePathComponentAreRefusedWithTheRule() {
        for (String bad : new String[] {".", "..", ".hidden", "-N", "a/b", "../etc", "a b", "a:b", "é", "a\n",
                "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Instance.named(bad), bad);
            assertEquals("invalid instance name '" + bad + "': 1 to 64 letters, digits, '_', '.' or '-', not starting"
                    + " with '.' or '-' (it becomes a directory /run/herald/NAME)", e.getMessage());
        }
    }

    @Test
    void theDefaultSocketBecomesTheInstancesAndAnyOtherIsKept() throws Exception {
        HeraldConfig none = ConfigLoader.parse("t.yaml", ROUTER);
        HeraldConfig spelled = ConfigLoader.parse("t.yaml", ROUTER + "admin:\n  socket: /run/herald/herald.sock\n  group: adm\n");
        HeraldConfig other = ConfigLoader.parse("t.yaml", ROUTER + "admin:\n  socket: /run/elsewhere/h.sock\n");
        Instance a = Instance.named("a");
        assertEquals(new AdminConfig(Path.of("/run/herald/a/herald.sock"), Optional.empty()), a.withDefaults(none).admin());
        assertEquals(new AdminConfig(Path.of("/run/herald/a/herald.sock"), Optional.of("adm")),
                a.withDefaults(spelled).admin(), "the example config spells the default out");
        assertSame(other, a.withDefaults(other));
        assertSame(none, Instance.DEFAULT.withDefaults(none));
        assertEquals(none.peers(), a.withDefaults(none).peers());
        assertTrue(a.withDefaults(none).metrics().isEmpty());
    }
}
