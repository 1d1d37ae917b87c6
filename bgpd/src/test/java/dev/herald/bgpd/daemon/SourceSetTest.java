package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.TestLoops;
import dev.herald.config.ConfigLoader;
import dev.herald.codec.Prefix;
import dev.herald.config.HeraldConfig;
import dev.herald.sources.RouteSink;
import dev.herald.sources.RouteSource;
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

    /** A source that keeps its sink, so the test can speak for it after a reload replaced it. */
    private static final class KeptSink implements RouteSource {
        RouteSink sink;

        @Override
        public String name() {
            return StaticSource.NAME;
        }

        @Override
        public void start(RouteSink sink) {
            this.sink = sink;
        }

        @Override
        public void close() {
        }
    }

    private static boolean holds(RibExecutor rib, Prefix p) throws InterruptedException {
        return rib.query(r -> r.contains(p));
    }

    @Test
    void whatAReplacedSourceStillSaysIsDropped() throws Exception {
        Prefix p = Prefix.parse("203.0.113.0/24");
        Prefix q = Prefix.parse("198.51.100.0/24");
        try (RibExecutor rib = new RibExecutor()) {
            SourceSet set = new SourceSet(rib, dev.herald.bgpd.TestLoops.SHARED);
            KeptSink old = new KeptSink();
            set.start(old);
            old.sink.change(StaticSource.NAME, List.of(p), List.of());
            assertTrue(holds(rib, p), "a running source's change is applied");

            set.replace(StaticSource.NAME, config(""));
            old.sink.change(StaticSource.NAME, List.of(q), List.of());
            assertFalse(holds(rib, q), "the replaced source's change is dropped");
            assertFalse(holds(rib, p), "the new source's (empty) view replaced the old one's");
        }
    }
}
