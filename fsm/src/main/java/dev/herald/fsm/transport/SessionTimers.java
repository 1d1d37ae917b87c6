package dev.herald.fsm.transport;

import dev.herald.fsm.TimerId;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The FSM's timers on the session's event loop. The HoldTimer restarts on every received
 * message, so a restart that only pushes the deadline later just moves the deadline: the
 * scheduled task notices on firing and sleeps again, instead of a cancel and a schedule per
 * UPDATE.
 */
final class SessionTimers {
    private final EventLoop loop;
    private final Consumer<TimerId> expired;
    private final Map<TimerId, Entry> entries = new HashMap<>();

    private final class Entry implements Runnable {
        final TimerId id;
        long deadline;
        long firesAt;
        ScheduledFuture<?> future;

        Entry(TimerId id) {
            this.id = id;
        }

        void schedule(long at) {
            firesAt = at;
            future = loop.schedule(this, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (entries.get(id) != this) {
                return;
            }
            long now = System.nanoTime();
            if (now - deadline < 0) {
                schedule(deadline);
                return;
            }
            entries.remove(id);
            expired.accept(id);
        }
    }

    SessionTimers(EventLoop loop, Consumer<TimerId> expired) {
        this.loop = loop;
        this.expired = expired;
    }

    void start(TimerId id, Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        Entry e = entries.get(id);
        if (e != null && e.firesAt - deadline <= 0) {
            e.deadline = deadline;
            return;
        }
        if (e != null) {
            e.future.cancel(false);
        }
        e = new Entry(id);
        e.deadline = deadline;
        entries.put(id, e);
        e.schedule(deadline);
    }

    void stop(TimerId id) {
        Entry e = entries.remove(id);
        if (e != null) {
            e.future.cancel(false);
        }
    }

    void stopAll() {
        entries.values().forEach(e -> e.future.cancel(false));
        entries.clear();
    }
}
