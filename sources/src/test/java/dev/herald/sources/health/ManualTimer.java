package dev.herald.sources.health;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A manual clock and a task queue standing in for the scheduler thread: tasks run on the test's
 * thread when {@link #advance} passes their time, in time order and, at one instant, in the order
 * they were scheduled (as a ScheduledThreadPoolExecutor runs them).
 */
final class ManualTimer implements HealthTimer {
    static final Instant T0 = Instant.parse("2026-12-07T23:00:00Z");

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nanos;
    private long seq;
    private Duration wallOffset = Duration.ZERO;

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable run;
        boolean cancelled;

        Task(long due, long seq, Runnable run) {
            this.due = due;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return T0.plusNanos(nanos).plus(wallOffset);
    }

    /** Steps the wall clock (an NTP step, an operator's date): the monotonic clock does not move. */
    void stepWallClock(Duration by) {
        wallOffset = wallOffset.plus(by);
    }

    /** Time since the start on the monotonic clock. */
    Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    @Override
    public Cancel schedule(long delayNanos, Runnable task) {
        Task t = new Task(nanos + delayNanos, seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public void post(Runnable task) {
        schedule(0, task);
    }

    /** Runs every task due up to {@code d} from now, moving the clock to each one's time, then to now + d. */
    void advance(Duration d) {
        long target = nanos + d.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Task t = queue.poll();
            nanos = t.due;
            if (!t.cancelled) {
                t.run.run();
            }
        }
        nanos = target;
    }

    /** Tasks not yet run nor cancelled. */
    long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}
