package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Netty's allocator figures for the pooled allocator (herald's transport uses Netty's default,
 * adaptive in 4.2, which MetricsTest sees; a pooled one is chosen with -Dio.netty.allocator.type).
 */
class NettyMetricsTest {
    @Test
    void pooledAllocatorReportsMemoryArenasAndAllocations() {
        PooledByteBufAllocator pooled = new PooledByteBufAllocator(true, 2, 3, 8192, 9);
        ByteBuf direct = pooled.directBuffer(100_000);
        ByteBuf heap = pooled.heapBuffer(1000);
        try {
            PromText t = new PromText();
            Metrics.netty(t, pooled);
            Map<String, Double> m = MetricsTest.parse(t.toString());
            String a = "allocator=\"PooledByteBufAllocator\"";
            assertEquals(2.0, m.get("netty_allocator_arenas{" + a + ",memory=\"heap\"}"));
            assertEquals(3.0, m.get("netty_allocator_arenas{" + a + ",memory=\"direct\"}"));
            assertEquals((double) (8192 << 9), m.get("netty_allocator_chunk_size_bytes{" + a + "}"));
            assertTrue(m.get("netty_allocator_used_bytes{" + a + ",memory=\"direct\"}") >= 100_000, m::toString);
            assertTrue(m.get("netty_allocator_used_bytes{" + a + ",memory=\"heap\"}") >= 1000, m::toString);
            assertEquals(1.0, m.get("netty_allocator_active_allocations{" + a + ",memory=\"direct\"}"));
            assertEquals(1.0, m.get("netty_allocator_active_allocations{" + a + ",memory=\"heap\"}"));
            assertTrue(m.containsKey("netty_allocator_thread_local_caches{" + a + "}"));
        } finally {
            direct.release();
            heap.release();
        }
        PromText after = new PromText();
        Metrics.netty(after, pooled);
        assertEquals(0.0, MetricsTest.parse(after.toString())
                .get("netty_allocator_active_allocations{allocator=\"PooledByteBufAllocator\",memory=\"direct\"}"));
    }

    @Test
    void anAllocatorWithoutPoolsReportsOnlyItsMemory() {
        PromText t = new PromText();
        Metrics.netty(t, new UnpooledByteBufAllocator(true));
        Map<String, Double> m = MetricsTest.parse(t.toString());
        assertTrue(m.containsKey("netty_allocator_used_bytes{allocator=\"UnpooledByteBufAllocator\",memory=\"direct\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("netty_allocator_arenas")), m::toString);
    }
}
