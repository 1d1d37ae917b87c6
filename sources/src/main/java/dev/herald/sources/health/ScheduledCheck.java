package dev.herald.sources.health;

import dev.herald.sources.health.CheckResult.Outcome;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One check's schedule, on the scheduler thread: a run every interval (start to start, on the
 * monotonic clock), its timeout armed when it starts, the first of its result or its timeout
 * counted and the other dropped. Not thread-safe: everything here runs on the scheduler thread.
 */
final class ScheduledCheck {
    private static final Logger LOG = System.getLogger("health");

    private final HealthTimer timer;
    private final ProbeLauncher launcher;
    private final Consumer<ScheduledCheck> transitioned;
    private final Runnable counted;
    private final EnumMap<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    private HealthCheckState state;
    private long nextDue;
    private HealthTimer.Cancel nextRun;
    private Run run;
    private boolean stopped;
    private CheckResult last;
    private String lastDetail = "";
    private Duration lastDuration = Duration.ZERO;

    /** The run in flight: the first of {@link #finished} and {@link #timedOut} for it ends it. */
    private static final class Run {
        final long startedNanos;
        HealthTimer.Cancel timeout;
        ProbeLauncher.Launched launched;

        Run(long startedNanos) {
            this.startedNanos = startedNanos;
        }
    }

    /**
     * @param transitioned told after each change of state
     * @param counted      told after each result (a snapshot to refresh)
     */
    ScheduledCheck(HealthCheckSettings settings, HealthTimer timer, ProbeLauncher launcher,
                   Consumer<ScheduledCheck> transitioned, Runnable counted) {
        this.timer = timer;
        this.launcher = launcher;
        this.transitioned = transitioned;
        this.counted = counted;
        this.state = HealthCheckState.start(settings, timer.now());
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0L);
        }
    }

    HealthCheckSettings settings() {
        return state.settings();
    }

    HealthCheckState state() {
        return state;
    }

    /** The first run starts now. */
    void start() {
        nextDue = timer.nanoTime();
        runNow();
    }

    /** No more runs; the one in flight is killed and its result, if it still comes, dropped. */
    void stop() {
        stopped = true;
        if (nextRun != null) {
            nextRun.cancel();
        }
        Run r = run;
        run = null;
        if (r != null) {
            r.timeout.cancel();
            r.launched.kill();
        }
    }

    CheckStatus status() {
        return new CheckStatus(state, Optional.ofNullable(last), lastDetail, lastDuration, counts);
    }

    private void runNow() {
        if (stopped) {
            return;
        }
        // timeout <= interval, and the timeout was armed first: it has fired unless both fell due at
        // the same instant and the clock ran them in the other order. Then it fires here.
        if (run != null) {
            timedOut(run);
        }
        Run r = new Run(timer.nanoTime());
        run = r;
        r.timeout = timer.schedule(settings().timeout().toNanos(), () -> timedOut(r));
        try {
            r.launched = launcher.launch(settings(), result -> timer.post(() -> finished(r, result)));
        } catch (RuntimeException e) {
            // Nothing runs (no thread to be had): a failure now, and the schedule goes on.
            r.launched = () -> { };
            finished(r, ProbeResult.fail("could not start: " + e));
        }
        long interval = settings().interval().toNanos();
        long now = timer.nanoTime();
        nextDue += interval;
        // A scheduler held up (a long GC pause, a suspended VM) does not catch up with back-to-back
        // runs: the next one is a whole interval after this one.
        if (nextDue - now <= 0) {
            nextDue = now + interval;
        }
        nextRun = timer.schedule(nextDue - now, this::runNow);
    }

    private void finished(Run r, ProbeResult result) {
        if (r != run) {
            return; // its timeout came first, or the check stopped
        }
        run = null;
        r.timeout.cancel();
        count(result.passed() ? Outcome.PASSED : Outcome.FAILED, result.detail(), timer.nanoTime() - r.startedNanos);
    }

    private void timedOut(Run r) {
        if (r != run) {
            return; // its result came first
        }
        run = null;
        r.launched.kill();
        count(Outcome.TIMED_OUT, "timed out after " + settings().timeout(), timer.nanoTime() - r.startedNanos);
    }

    private void count(Outcome outcome, String detail, long nanos) {
        // A wall clock stepped back must not make a result older than the last one (the state refuses it).
        Instant at = timer.now();
        if (at.isBefore(state.lastResult())) {
            at = state.lastResult();
        }
        CheckResult result = new CheckResult(outcome, at);
        HealthCheckState before = state;
        state = state.after(result);
        last = result;
        lastDetail = detail;
        lastDuration = Duration.ofNanos(nanos);
        counts.merge(outcome, 1L, Long::sum);
        counted.run(); // first, so the listener reads in status() the state it is told of
        if (state.state() != before.state()) {
            LOG.log(Level.INFO, "check {0}: {1} -> {2} after {3} {4} (last: {5})", settings().name(), before.state(),
                    state.state(), outcome == Outcome.PASSED ? state.passes() : state.failures(),
                    outcome == Outcome.PASSED ? "passes" : "failures", detail);
            transitioned.accept(this);
        }
    }
}
