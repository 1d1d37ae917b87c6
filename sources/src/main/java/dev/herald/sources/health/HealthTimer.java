package dev.herald.sources.health;

import java.time.Instant;

/**
 * The scheduler's clocks and thread, injected so the scheduling core runs on a manual clock in
 * tests. Everything but {@link #post} is called on the scheduler thread.
 */
interface HealthTimer {
    /** The monotonic clock that intervals and durations are measured on. */
    long nanoTime();

    /** The wall-clock time shown to operators ({@code since}, a result's time). */
    Instant now();

    /** Runs {@code task} on the scheduler thread after {@code delayNanos}, unless cancelled first. */
    Cancel schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the scheduler thread soon; callable from any thread (a run's end). */
    void post(Runnable task);

    interface Cancel {
        void cancel();
    }
}
