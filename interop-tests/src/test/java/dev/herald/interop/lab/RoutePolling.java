package dev.herald.interop.lab;

/**
 * Polling a router's table for one prefix at a fixed pause (a router query, then {@code pollMs}):
 * the failover measurements of issue 19. The resolution is the query's own time plus the pause
 * (a FRR {@code vtysh} query takes 100-200 ms on the shared lab machine, a BIRD one about 50 ms).
 */
public final class RoutePolling {
    private RoutePolling() {
    }

    /** Milliseconds until {@code prefix} leaves the router's table, or -1 when it is still there after {@code limitMs}. */
    public static long msUntilGone(Router router, IpPrefix prefix, long limitMs, long pollMs) {
        long t0 = System.nanoTime();
        while (true) {
            boolean present = !router.routes(prefix).isEmpty();
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (!present) {
                return elapsed;
            }
            if (elapsed > limitMs) {
                return -1;
            }
            Lab.sleep(pollMs);
        }
    }

    /** {polls that missed {@code prefix}, polls} over {@code forMs}. */
    public static int[] misses(Router router, IpPrefix prefix, long forMs, long pollMs) {
        long end = System.nanoTime() + forMs * 1_000_000;
        int misses = 0;
        int polls = 0;
        while (System.nanoTime() < end) {
            polls++;
            if (router.routes(prefix).isEmpty()) {
                misses++;
            }
            Lab.sleep(pollMs);
        }
        return new int[] {misses, polls};
    }
}
