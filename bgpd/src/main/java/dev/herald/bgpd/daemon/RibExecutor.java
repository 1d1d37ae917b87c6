package dev.herald.bgpd.daemon;

import dev.herald.rib.Rib;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one thread that owns the {@link Rib}. Sources and sessions post work here; nothing else
 * touches the RIB, so it needs no locks.
 *
 * <p>Coalescing: the RIB sends nothing while work is queued. A flush runs once the queue has
 * drained (window 0: changes that arrive together go out together, at no extra delay) or
 * {@code windowMillis} after the first change, so bursts are packed into as few UPDATEs as fit and
 * a prefix that comes and goes within the window is never sent.
 *
 * <p>An initial table goes out in slices ({@link Rib#setSyncChunk}), each a task queued behind what
 * was posted meanwhile: a peer joining with a million prefixes does not hold up the others' deltas.
 *
 * <p>Not on the daemon's event loops, and no timer service (ADR 0014): a slice or a big source
 * view keeps this thread busy for a while, which must not hold up BGP sessions, and the order of
 * its queue is what keeps the RIB consistent. It schedules its own coalescing flush, nothing else.
 */
final class RibExecutor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("rib");

    private final Rib rib;
    private final long windowMillis;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "rib");
        t.setDaemon(true);
        return t;
    });
    /** A flush is queued or scheduled; touched on the RIB thread only. */
    private boolean flushQueued;

    RibExecutor() {
        this(new Rib(), 0);
    }

    RibExecutor(Rib rib, long windowMillis) {
        this.rib = rib;
        this.windowMillis = windowMillis;
        rib.setAutoFlush(false);
    }

    /** Runs {@code work} on the RIB thread; a failure is logged and never kills the thread. */
    void post(Consumer<Rib> work) {
        thread.execute(() -> {
            try {
                work.accept(rib);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "RIB task failed", e);
            }
            scheduleFlush();
        });
    }

    private void scheduleFlush() {
        if (flushQueued || !rib.hasPending()) {
            return;
        }
        flushQueued = true;
        if (windowMillis > 0 && !rib.syncing()) {
            thread.schedule(this::flush, windowMillis, TimeUnit.MILLISECONDS);
        } else {
            thread.execute(this::flush); // behind whatever is queued now: it all goes out together
        }
    }

    /**
     * One flush; while an initial table is on its way, the next slice is queued behind the work
     * posted meanwhile (source changes, session events), so their deltas go out between slices.
     */
    private void flush() {
        flushQueued = false;
        try {
            rib.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "RIB flush failed", e);
        }
        scheduleFlush();
    }

    /** Runs {@code query} on the RIB thread, after sending what is pending, and waits for its answer. */
    <T> T query(Function<Rib, T> query) throws InterruptedException {
        try {
            return thread.submit(() -> {
                rib.flush();
                return query.apply(rib);
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
