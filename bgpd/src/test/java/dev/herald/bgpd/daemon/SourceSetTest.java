package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.TestLoops;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.sources.SourceHealth;
import dev.herald.sources.StaticSource;
import dev.herald.sources.kernel.KernelSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place that maps source names to source kinds. */
class SourceSetTest {
    private static HeraldConfig config(String sources) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                router: { asn: 65010, router-id: 192.0.2.1 }
                peers:
                  - { name: a, address: 198.18.0.1, asn: 65001 }
                %s""".formatted(sources));
    }

    @Test
    void everyKindReloadPlanNamesIsKnown() throws Exception {
        HeraldConfig c = config("sources:\n  kernel: { tables: [main] }\n");
        assertInstanceOf(StaticSource.class, SourceSet.create(StaticSource.NAME, c, TestLoops.SHARED), "static is always there");
        assertInstanceOf(KernelSource.class, SourceSet.create(KernelSource.NAME, c, TestLoops.SHARED));
        assertNull(SourceSet.create("lxd", c, TestLoops.SHARED), "not configured: none");
        assertNull(SourceSet.create("ovn", c, TestLoops.SHARED), "not configured: none");
        assertEquals(List.of("static", "kernel", "lxd", "ovn"), SourceSet.KINDS, "the start order");
    }

    /** It used to start an LXD source for any name it did not know. */
    @Test
    void anUnknownNameIsAnErrorNotLxd() throws Exception {
        HeraldConfig c = config("sources:\n  lxd: {}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceSet.create("bgp", c, TestLoops.SHARED));
        assertTrue(e.getMessage().contains("no source kind bgp"), e.getMessage());
    }

    @Test
    void healthInOneShape() throws Exception {
        KernelSource k = (KernelSource) SourceSet.create(KernelSource.NAME, config("sources:\n  kernel: { tables: [main] }\n"),
                TestLoops.SHARED);
        SourceHealth h = k.health();
        assertEquals(Map.of("overflow", 0L), h.errors());
        assertEquals(0L, h.resyncs().orElseThrow());
        assertTrue(h.connected().isEmpty(), "the kernel source talks to no daemon");
        assertEquals(SourceHealth.NONE, SourceSet.create(StaticSource.NAME, config(""), TestLoops.SHARED).health());
    }
}
