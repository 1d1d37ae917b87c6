package dev.herald.bgpd.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * How {@code herald shutdown} waits for herald to be gone: its admin socket closes first, then it
 * withdraws, sends the NOTIFICATIONs and stops its event loops, and only then does the process
 * exit (about 2 s later). A script that restarts herald right after the command needs the
 * process gone, so the wait is for both.
 */
final class StopWait {
    static final Duration POLL = Duration.ofMillis(100);

    /** The clock and the pause between looks, a fake one in tests. */
    interface Clock {
        long nanoTime();

        void sleep(Duration d) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d);
        }
    };

    private StopWait() {
    }

    /**
     * Whether the process with this pid still runs. A herald inside this very JVM (the admin
     * tests run it on a thread) never exits before the CLI does: for it only the socket counts.
     * A pid that is not visible here (no such process) is gone.
     */
    static final LongPredicate PROCESS_ALIVE = pid -> pid != ProcessHandle.current().pid()
            && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);

    /** True once {@code gone} holds; false when it still does not after {@code timeout}. */
    static boolean until(BooleanSupplier gone, Duration timeout, Clock clock) throws InterruptedException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (!gone.getAsBoolean()) {
            if (clock.nanoTime() - deadline >= 0) {
                return false;
            }
            clock.sleep(POLL);
        }
        return true;
    }
}
