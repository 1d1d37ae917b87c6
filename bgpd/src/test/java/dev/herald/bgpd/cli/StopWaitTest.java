package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** herald shutdown waits for the process, not only for the admin socket (which closes about 2 s earlier). */
class StopWaitTest {
    /** A clock that only moves when the waiter sleeps: no test depends on the machine's speed. */
    private static final class FakeClock implements StopWait.Clock {
        long now;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            sleeps++;
            now += d.toNanos();
        }
    }

    @Test
    void waitsUntilGone() throws Exception {
        FakeClock clock = new FakeClock();
        int[] looks = {0};
        assertTrue(StopWait.until(() -> ++looks[0] > 3, Duration.ofSeconds(30), clock));
        assertEquals(3, clock.sleeps);
    }

    @Test
    void givesUpAfterTheTimeout() throws Exception {
        FakeClock clock = new FakeClock();
        assertFalse(StopWait.until(() -> false, Duration.ofSeconds(2), clock));
        assertEquals(Duration.ofSeconds(2).toNanos() / StopWait.POLL.toNanos(), clock.sleeps);
    }

    @Test
    void aRunningProcessIsAliveUntilItExits() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            assertTrue(StopWait.PROCESS_ALIVE.test(p.pid()));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertFalse(StopWait.PROCESS_ALIVE.test(p.pid()));
    }

    @Test
    void aHeraldInThisJvmCountsOnlyByItsSocket() {
        assertFalse(StopWait.PROCESS_ALIVE.test(ProcessHandle.current().pid()));
    }
}
