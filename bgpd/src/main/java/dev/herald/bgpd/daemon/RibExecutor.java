package dev.herald.bgpd.daemon;

import dev.herald.rib.Rib;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one thread that owns the {@link Rib}. Sources and sessions post work here; nothing else
 * touches the RIB, so it needs no locks.
 */
final class RibExecutor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("rib");

    private final Rib rib = new Rib();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rib");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code work} on the RIB thread; a failure is logged and never kills the thread. */
    void post(Consumer<Rib> work) {
        thread.execute(() -> {
            try {
                work.accept(rib);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "RIB task failed", e);
            }
        });
    }

    /** Runs {@code query} on the RIB thread and waits for its answer. */
    <T> T query(Function<Rib, T> query) throws InterruptedException {
        try {
            return thread.submit(() -> query.apply(rib)).get();
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
