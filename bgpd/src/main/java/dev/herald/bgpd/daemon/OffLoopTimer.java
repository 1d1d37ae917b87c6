package dev.herald.bgpd.daemon;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A timer whose work may block (a sendto, a netlink dump, a wait for the RIB thread): the clock,
 * one of the daemon's event loops, only keeps time; each run is a virtual thread named
 * {@code name}, so the BGP sessions on that loop never wait for it. Runs take turns, one at a
 * time, as on the single-thread timer each user had before.
 */
public final class OffLoopTimer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("daemon");
    /** How long {@link #close} waits for a run in flight. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final ScheduledExecutorService clock;
    private final String name;
    /** Held by the run in flight: runs take turns, close waits for it. */
    private final ReentrantLock running = new ReentrantLock(true);
    private final List<Future<?>> scheduled = new CopyOnWriteArrayList<>();
    /** The thread of the run in flight, for close to interrupt. */
    private volatile Thread runner;
    private volatile boolean closed;

    /** @param clock the loop that keeps time (an event loop of the daemon's group) */
    public OffLoopTimer(ScheduledExecutorService clock, String name) {
        this.clock = clock;
        this.name = name;
    }

    /**
     * Runs {@code work} every {@code period}, the first time after {@code first}. A run still going
     * when the next is due (a RIB busy with a big table) makes that one skipped, not queued.
     */
    public void every(Duration first, Duration period, Runnable work) {
        AtomicBoolean busy = new AtomicBoolean();
        Runnable tick = () -> {
            if (busy.compareAndSet(false, true)) {
                start(() -> {
                    try {
                        work.run();
                    } finally {
                        busy.set(false);
                    }
                });
            }
        };
        scheduled.add(clock.scheduleAtFixedRate(tick, first.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Runs {@code work} once, now, after any run in flight. */
    public void now(Runnable work) {
        start(work);
    }

    private void start(Runnable work) {
        if (closed) {
            return;
        }
        Thread.ofVirtual().name(name).start(() -> {
            running.lock();
            try {
                runner = Thread.currentThread();
                if (!closed) {
                    work.run();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed", e);
            } finally {
                runner = null;
                running.unlock();
            }
        });
    }

    /**
     * No more runs; interrupts the one in flight (a wait for the RIB ends at once) and waits up to
     * {@link #CLOSE_WAIT} for it to end, as the single-thread timers' shutdownNow and awaitTermination did.
     */
    @Override
    public void close() {
        closed = true;
        scheduled.forEach(f -> f.cancel(false));
        Thread r = runner;
        if (r != null) {
            r.interrupt();
        }
        try {
            if (running.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
