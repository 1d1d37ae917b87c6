package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * Netty's allocator figures through Micrometer's binder for the pooled allocator (herald's
 * transport uses Netty's default, adaptive in 4.2, which MetricsTest sees; a pooled one is chosen
 * with -Dio.netty.allocator.type).
 */
class NettyMetricsTest {
    private static Exposition.Parsed scrape(io.netty.buffer.ByteBufAllocator a) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.netty(registry, a);
        return Exposition.text(registry.scrape());
    }

    @Test
    void pooledAllocatorReportsMemoryAndArenas() {
        PooledByteBufAllocator pooled = new PooledByteBufAllocator(true, 2, 3, 8192, 9);
        ByteBuf direct = pooled.directBuffer(100_000);
        ByteBuf heap = pooled.heapBuffer(1000);
        try {
            Exposition.Parsed m = scrape(pooled);
            String a = "PooledByteBufAllocator";
            assertEquals(1, m.count("netty_allocator_pooled_arenas", "allocator_type", a, "memory_type", "heap"));
            assertEquals(2.0, m.sum("netty_allocator_pooled_arenas", "allocator_type", a, "memory_type", "heap"));
            assertEquals(3.0, m.sum("netty_allocator_pooled_arenas", "allocator_type", a, "memory_type", "direct"));
            assertTrue(m.sum("netty_allocator_memory_used", "allocator_type", a, "memory_type", "direct") >= 100_000,
                    m.series()::toString);
            assertTrue(m.sum("netty_allocator_memory_used", "allocator_type", a, "memory_type", "heap") >= 1000,
                    m.series()::toString);
        } finally {
            direct.release();
            heap.release();
        }
    }

    @Test
    void anAllocatorWithoutPoolsReportsOnlyItsMemory() {
        Exposition.Parsed m = scrape(new UnpooledByteBufAllocator(true));
        assertEquals(1, m.count("netty_allocator_memory_used", "allocator_type", "UnpooledByteBufAllocator",
                "memory_type", "direct"));
        assertTrue(m.series().keySet().stream().noneMatch(k -> k.startsWith("netty_allocator_pooled")), m::toString);
    }
}
