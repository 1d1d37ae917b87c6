package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.TestLoops;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timers whose work may block: timed by an event loop, run off it, one at a time, waited for on close. */
class OffLoopTimerTest {
    private final EventLoop loop = TestLoops.SHARED.next();

    @Test
    void runsOffTheLoopOnANamedVirtualThread() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        try (OffLoopTimer t = new OffLoopTimer(loop, "herald-test-tick")) {
            t.every(Duration.ZERO, Duration.ofHours(1), () -> {
                onLoop.complete(loop.inEventLoop());
                ran.complete(Thread.currentThread());
            });
            Thread th = ran.get(10, TimeUnit.SECONDS);
            assertFalse(onLoop.get(), "blocking work must not run on the event loop");
            assertTrue(th.isVirtual());
            assertEquals("herald-test-tick", th.getName());
        }
    }

    @Test
    void dueTicksAreSkippedWhileARunIsStuckNotPiledUp() throws Exception {
        ManualClock clock = new ManualClock();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (OffLoopTimer t = new OffLoopTimer(clock, "herald-test-stuck")) {
            t.every(Duration.ZERO, Duration.ofSeconds(1), () -> {
                if (started.incrementAndGet() == 1) {
                    try {
                        release.await(); // a RIB that does not answer
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            clock.tick.run();
            for (int i = 0; i < 100 && started.get() == 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(1, started.get(), "the first tick runs");
            for (int i = 0; i < 5; i++) {
                clock.tick.run(); // due while the first is stuck
            }
            release.countDown();
            CountDownLatch marker = new CountDownLatch(1);
            t.now(marker::countDown); // runs take turns: this one comes after any queued tick
            assertTrue(marker.await(10, TimeUnit.SECONDS));
            assertEquals(1, started.get(), "the ticks due meanwhile were skipped");
        } finally {
            clock.shutdownNow();
        }
    }

    /** A clock whose periodic task the test runs by hand. */
    private static final class ManualClock extends ScheduledThreadPoolExecutor {
        volatile Runnable tick;

        ManualClock() {
            super(0);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            tick = command;
            return schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }

    @Test
    void closeInterruptsTheRunInFlightWaitsForItAndStopsTheRest() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        OffLoopTimer t = new OffLoopTimer(loop, "herald-test-close");
        t.now(() -> {
            inside.countDown();
            try {
                new CountDownLatch(1).await(); // a RIB query that would never answer
            } catch (InterruptedException e) {
                interrupted.incrementAndGet(); // a tick then sends "stopping" before close goes on
            }
        });
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        t.close();
        assertEquals(1, interrupted.get(), "the run in flight was interrupted and ended before close returned");
        CountDownLatch after = new CountDownLatch(1);
        t.now(after::countDown);
        assertFalse(after.await(200, TimeUnit.MILLISECONDS), "nothing runs after close");
    }
}
