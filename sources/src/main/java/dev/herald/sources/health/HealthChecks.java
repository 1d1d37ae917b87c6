package dev.herald.sources.health;

import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The health checks of a daemon: one {@code health} scheduler thread (a platform thread) owns
 * every check's state and starts each run on a virtual thread; results come back to it. The
 * listener hears each check's state on that thread (ADR 0019). The calls here may come from any
 * thread, the listener's included.
 */
public final class HealthChecks implements AutoCloseable {
    private final List<HealthCheckSettings> initial;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ProbeThreads probes;
    private final CheckScheduler core;
    private volatile Thread schedulerThread;

    /**
     * @param checks   the checks to run from {@link #start}
     * @param listener hears each check's Starting state and transitions; must not block
     * @param group    the event loops for {@code http+unix://} checks (LXD's {@code /1.0})
     */
    public HealthChecks(List<HealthCheckSettings> checks, HealthListener listener, EventLoopGroup group) {
        this.initial = List.copyOf(checks);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Thread.ofPlatform().name("health").daemon(true).unstarted(r);
            schedulerThread = t;
            return t;
        });
        // Cancelled timeouts (most of them: a run usually ends first) leave the queue at once.
        scheduler.setRemoveOnCancelPolicy(true);
        this.probes = new ProbeThreads(group);
        this.core = new CheckScheduler(new ExecutorTimer(scheduler), probes, listener);
    }

    /** Starts every check; each runs for the first time now. */
    public void start() {
        onScheduler(() -> core.apply(initial));
    }

    /**
     * Runs {@code checks} from now on: unchanged ones keep their state, new and changed ones start
     * over in Starting, removed ones stop (their command killed; the listener hears
     * {@link HealthListener#removed}).
     */
    public Reconfigured reconfigure(List<HealthCheckSettings> checks) {
        return onScheduler(() -> core.apply(checks));
    }

    /** Each check's status, in configuration order; a snapshot, safe to read from any thread. */
    public Map<String, CheckStatus> status() {
        return core.status();
    }

    /** Stops every check and kills the commands still running. */
    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return;
        }
        onScheduler(() -> {
            core.close();
            return null;
        });
        scheduler.shutdownNow();
        probes.close();
    }

    private <T> T onScheduler(Callable<T> call) {
        try {
            if (Thread.currentThread() == schedulerThread) {
                return call.call(); // the listener reconfiguring: waiting for our own thread would hang
            }
            return scheduler.submit(call).get(30, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the health scheduler", e);
        } catch (Exception e) {
            throw new IllegalStateException("health scheduler: " + e, e);
        }
    }
}
