package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sync lag histogram: each applied delivery in the first bucket its lag fits, cumulative on the way out. */
class SourceActivityTest {
    @Test
    void lagsLandInTheirBucketsCumulatively() {
        SourceActivity a = new SourceActivity();
        a.delivered("kernel");
        assertTrue(Double.isNaN(a.snapshot().get("kernel").lastLagSeconds()), "nothing applied yet");
        assertEquals(0, a.snapshot().get("kernel").applied());

        a.applied("kernel", 500_000L); // 0.5 ms: le 0.001
        a.applied("kernel", 1_000_000L); // exactly 1 ms: still le 0.001 (upper bounds are inclusive)
        a.applied("kernel", 70_000_000L); // 70 ms: le 0.1
        a.applied("kernel", 90_000_000_000L); // 90 s: only +Inf
        a.applied("kernel", -5); // a clock oddity counts as 0

        SourceActivity.Snapshot s = a.snapshot().get("kernel");
        assertEquals(1, s.deliveries());
        assertEquals(5, s.applied());
        long[] expected = new long[SourceActivity.BUCKETS.length + 1];
        for (int i = 0; i < SourceActivity.BUCKETS.length; i++) {
            double le = SourceActivity.BUCKETS[i];
            expected[i] = 3 + (le >= 0.07 ? 1 : 0);
        }
        expected[SourceActivity.BUCKETS.length] = 5;
        assertArrayEquals(expected, s.buckets());
        assertEquals(90.0715, s.lagSumSeconds(), 1e-9);
        assertEquals(0.0, s.lastLagSeconds());
        assertTrue(a.snapshot().get("static") == null, "sources appear once they deliver");
    }
}
