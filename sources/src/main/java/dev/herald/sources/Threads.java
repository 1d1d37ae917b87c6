package dev.herald.sources;

/** The end of a source's own worker thread (the one that owns its copy of the outside world). */
public final class Threads {
    /** How long a close waits for the worker to notice. */
    private static final long JOIN_MILLIS = 2_000;

    private Threads() {
    }

    /**
     * Interrupts {@code worker} (null: never started) and waits briefly for it to end: it stops at
     * its next wait, and a close never hangs on a worker stuck in a call that ignores interrupts.
     */
    public static void stop(Thread worker) {
        if (worker == null) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
