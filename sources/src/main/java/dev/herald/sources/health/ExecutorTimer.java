package dev.herald.sources.health;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The real clocks, and the one scheduler thread. */
final class ExecutorTimer implements HealthTimer {
    private static final Logger LOG = System.getLogger("health");

    private final ScheduledExecutorService scheduler;

    ExecutorTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Cancel schedule(long delayNanos, Runnable task) {
        var f = scheduler.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void post(Runnable task) {
        try {
            scheduler.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closed: a run that ended after the close has nobody to count it
        }
    }

    /** A task that throws is logged: the executor would swallow it silently. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "health check scheduler task failed", e);
            }
        };
    }
}
