package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdModel.Key;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LxdLoaderTest {
    @Test
    void garbageInstanceKeepsItsPreviousVersion() throws Exception {
        List<String> bad = new ArrayList<>();
        LxdSnapshot good = new LxdLoader(FixtureClient.bridge(), bad).full(null);
        FixtureClient broken = FixtureClient.bridge().putText("/1.0/instances?recursion=1&all-projects=true",
                "{\"type\":\"sync\",\"metadata\":[{\"name\":\"c1\",\"project\":\"default\",\"expanded_devices\":[1,2]},"
                        + "{\"name\":\"c2\",\"project\":\"p2\",\"status\":\"Stopped\",\"expanded_devices\":{}}, 17]}");
        LxdSnapshot s = new LxdLoader(broken, bad).full(good);
        assertEquals(2, bad.size(), bad.toString());
        assertEquals(good.instances().get(new Key("default", "c1")), s.instances().get(new Key("default", "c1")));
        assertEquals("Stopped", s.instances().get(new Key("p2", "c2")).status());
        assertTrue(LxdAnnouncer.compute(s, LxdSettings.defaults()).prefixes().contains(Prefix.parse("192.0.2.16/28")));
    }

    @Test
    void brokenTopLevelFails() {
        FixtureClient broken = FixtureClient.bridge().putText("/1.0/projects?recursion=1", "{\"type\":\"sync\",\"metadata\":{}}");
        assertThrows(LxdJson.LxdGarbageException.class, () -> new LxdLoader(broken, new ArrayList<>()).full(null));
        FixtureClient notJson = FixtureClient.bridge().putText("/1.0", "<html>");
        assertThrows(LxdJson.LxdGarbageException.class, () -> new LxdLoader(notJson, new ArrayList<>()).full(null));
    }

    @Test
    void refetchOneInstanceAndNetwork() throws Exception {
        List<String> bad = new ArrayList<>();
        FixtureClient c = FixtureClient.bridge();
        LxdSnapshot s = new LxdLoader(c, bad).full(null);
        c.put("/1.0/instances/c1?project=default", "bridge/instance-c1-stopped.json");
        LxdSnapshot t = new LxdLoader(c, bad).instance(s, new Key("default", "c1"));
        assertEquals("Stopped", t.instances().get(new Key("default", "c1")).status());
        LxdSnapshot gone = new LxdLoader(c, bad).instance(s, new Key("default", "nope"));
        assertEquals(s.instances(), gone.instances());
        LxdSnapshot noNet = new LxdLoader(c, bad).network(s, new Key("default", "hbr0"));
        assertTrue(noNet.networks().isEmpty()); // 404 here: removed
        assertEquals(List.of(), bad);
    }
}
