package dev.herald.sources.health;

import dev.herald.rib.OnFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.health.CheckResult.Outcome;
import dev.herald.sources.health.HealthCheckSettings.StartUp;
import dev.herald.sources.health.HealthCheckState.State;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The scheduling core on a manual clock: no threads, no real time, no processes. */
class CheckSchedulerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final ManualTimer timer = new ManualTimer();
    private final ScriptedLauncher launcher = new ScriptedLauncher(timer);
    private final List<HealthCheckState> heard = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final CheckScheduler scheduler = new CheckScheduler(timer, launcher, new HealthListener() {
        @Override
        public void changed(HealthCheckState state) {
            heard.add(state);
        }

        @Override
        public void removed(String name) {
            removed.add(name);
        }
    });

    private static HealthCheckSettings check(String name, Duration timeout, int rise, int fall, StartUp startUp) {
        return new HealthCheckSettings(name, new Probe.File(Path.of("/run/" + name), true), INTERVAL, timeout, rise, fall,
                startUp, new OnFailure.Withdraw());
    }

    private static HealthCheckSettings check(String name, int rise, int fall) {
        return check(name, TIMEOUT, rise, fall, StartUp.DOWN);
    }

    private List<State> heardStates(String name) {
        return heard.stream().filter(s -> s.settings().name().equals(name)).map(HealthCheckState::state).toList();
    }

    private CheckStatus status(String name) {
        return scheduler.status().get(name);
    }

    @Test
    void risePassesThroughTheSchedulerMakeTheCheckUpAtTheRunThatCompletesThem() {
        launcher.script("web", "ppp");
        scheduler.apply(List.of(check("web", 3, 2)));
        assertEquals(List.of(State.STARTING), heardStates("web"), "the listener hears the Starting state first");
        timer.advance(Duration.ofMillis(1_500));
        assertEquals(List.of(State.STARTING), heardStates("web"), "two passes of rise 3");
        assertEquals(List.of(Duration.ZERO, INTERVAL), launcher.of("web").stream().map(l -> l.at).toList(),
                "a run at once, then one per interval");
        timer.advance(Duration.ofSeconds(1));
        assertEquals(List.of(State.STARTING, State.UP), heardStates("web"));
        CheckStatus s = status("web");
        assertEquals(State.UP, s.state().state());
        assertEquals(ManualTimer.T0.plus(INTERVAL.multipliedBy(2)).plus(ScriptedLauncher.RUN_TIME), s.state().since(),
                "Up since the third pass ended");
        assertEquals(3L, s.counts().get(Outcome.PASSED));
        assertEquals(ScriptedLauncher.RUN_TIME, s.lastDuration());
        assertEquals("scripted pass", s.lastDetail());
    }

    @Test
    void aHungRunIsKilledAtItsTimeoutAndCountsAsAFailure() {
        launcher.script("web", "phh");
        scheduler.apply(List.of(check("web", 1, 2)));
        timer.advance(Duration.ofMillis(1_499));
        List<ScriptedLauncher.Launch> runs = launcher.of("web");
        assertEquals(State.UP, status("web").state().state());
        assertFalse(runs.get(1).killed, "not before its timeout");
        timer.advance(Duration.ofMillis(1));
        assertTrue(runs.get(1).killed, "killed at its timeout");
        assertEquals(1L, status("web").counts().get(Outcome.TIMED_OUT));
        assertEquals(TIMEOUT, status("web").lastDuration());
        assertEquals("timed out after PT0.5S", status("web").lastDetail());
        assertEquals(State.UP, status("web").state().state(), "one failure of fall 2");
        timer.advance(Duration.ofSeconds(1));
        assertTrue(launcher.of("web").get(2).killed);
        assertEquals(List.of(State.STARTING, State.UP, State.DOWN), heardStates("web"));
        assertEquals(ManualTimer.T0.plus(INTERVAL.multipliedBy(2)).plus(TIMEOUT), status("web").state().since());
        assertEquals(2L, status("web").counts().get(Outcome.TIMED_OUT));
    }

    @Test
    void aResultAfterTheTimeoutIsDroppedAndTheRunCountsOnce() {
        launcher.script("web", "l");
        scheduler.apply(List.of(check("web", 1, 1)));
        timer.advance(Duration.ofMillis(950));
        ScriptedLauncher.Launch run = launcher.of("web").getFirst();
        assertTrue(run.ended && run.killed, "the late pass came after the kill");
        CheckStatus s = status("web");
        assertEquals(0L, s.counts().get(Outcome.PASSED), "the late pass is not counted");
        assertEquals(1L, s.counts().get(Outcome.TIMED_OUT));
        assertEquals(State.DOWN, s.state().state());
    }

    @Test
    void aResultBeforeTheTimeoutCancelsIt() {
        launcher.script("web", "f");
        scheduler.apply(List.of(check("web", 1, 3)));
        timer.advance(Duration.ofMillis(999));
        assertFalse(launcher.of("web").getFirst().killed, "a run that ended is not killed at its timeout");
        assertEquals(1L, status("web").counts().get(Outcome.FAILED));
        assertEquals(0L, status("web").counts().get(Outcome.TIMED_OUT));
    }

    @Test
    void aTimeoutEqualToTheIntervalCountsEachHungRunOnceBeforeTheNextStarts() {
        launcher.script("web", "hhhp");
        scheduler.apply(List.of(check("web", INTERVAL, 1, 3, StartUp.UP)));
        timer.advance(Duration.ofMillis(3_500));
        List<ScriptedLauncher.Launch> runs = launcher.of("web");
        assertEquals(4, runs.size());
        assertTrue(runs.subList(0, 3).stream().allMatch(l -> l.killed));
        assertEquals(3L, status("web").counts().get(Outcome.TIMED_OUT));
        assertEquals(1L, status("web").counts().get(Outcome.PASSED));
        assertEquals(List.of(State.STARTING, State.DOWN, State.UP), heardStates("web"));
    }

    /**
     * Random sequences of passes, failures, hangs and late passes through the scheduler give the
     * same states as the pure state machine fed the outcomes the scheduler should have counted: one
     * per run, in run order, a hang or a late pass as a timeout. -Dhealth.seed=N replays a seed.
     */
    @Test
    void randomRunsThroughTheSchedulerCountAsThePureStateMachine() {
        long seed = Long.getLong("health.seed", System.nanoTime());
        System.out.println("CheckSchedulerTest seed " + seed + " (-Dhealth.seed=" + seed + " reproduces)");
        Random random = new Random(seed);
        int rise = 1 + random.nextInt(4);
        int fall = 1 + random.nextInt(4);
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            script.append("pfhl".charAt(random.nextInt(4)));
        }
        launcher.script("web", script.toString());
        HealthCheckSettings settings = check("web", TIMEOUT, rise, fall, random.nextBoolean() ? StartUp.UP : StartUp.DOWN);
        scheduler.apply(List.of(settings));
        timer.advance(INTERVAL.multipliedBy(200).minusMillis(1));

        HealthCheckState model = HealthCheckState.start(settings, ManualTimer.T0);
        List<State> modelStates = new ArrayList<>(List.of(State.STARTING));
        for (int i = 0; i < 200; i++) {
            char c = script.charAt(i);
            var at = ManualTimer.T0.plus(INTERVAL.multipliedBy(i)).plus(c == 'p' || c == 'f' ? ScriptedLauncher.RUN_TIME : TIMEOUT);
            HealthCheckState next = model.after(switch (c) {
                case 'p' -> CheckResult.passed(at);
                case 'f' -> CheckResult.failed(at);
                default -> CheckResult.timedOut(at);
            });
            if (next.state() != model.state()) {
                modelStates.add(next.state());
            }
            model = next;
        }
        String context = "seed " + seed + ", rise " + rise + ", fall " + fall + ", script " + script;
        assertEquals(modelStates, heardStates("web"), context);
        assertEquals(model, status("web").state(), context);
        long hungOrLate = script.chars().filter(c -> c == 'h' || c == 'l').count();
        assertEquals(hungOrLate, status("web").counts().get(Outcome.TIMED_OUT), context);
        assertEquals(hungOrLate, launcher.of("web").stream().filter(l -> l.killed).count(), "every hung run killed, " + context);
    }

    @Test
    void flappingResultsMoveTheStateAtMostOncePerMinOfRiseAndFallRuns() {
        launcher.script("web", "pp" + "fpfpfp" + "ffp" + "fff" + "pfp" + "pp");
        scheduler.apply(List.of(check("web", 2, 3)));
        timer.advance(Duration.ofSeconds(19));
        assertEquals(List.of(State.STARTING, State.UP, State.DOWN, State.UP), heardStates("web"),
                "alternating results and short runs leave Up and Down alone");
        assertEquals(3, status("web").state().transitions());
    }

    @Test
    void reconfigureKeepsEqualChecksRestartsChangedOnesAndStopsRemovedOnes() {
        launcher.script("same", "ppp").script("changed", "pppp").script("gone", "ph");
        scheduler.apply(List.of(check("same", 1, 2), check("changed", 1, 2), check("gone", 1, 2)));
        timer.advance(Duration.ofMillis(1_100));
        HealthCheckState sameBefore = status("same").state();
        assertEquals(State.UP, sameBefore.state());
        assertEquals(State.UP, status("changed").state().state());
        ScriptedLauncher.Launch goneRun = launcher.of("gone").get(1);

        timer.advance(Duration.ofMillis(200)); // t = 1.3 s, "gone"'s second run hangs in flight
        heard.clear();
        Reconfigured r = scheduler.apply(List.of(check("same", 1, 2), check("changed", 2, 2),
                check("new", 1, 2)));
        assertEquals(new Reconfigured(List.of("same"), List.of("changed", "new"), List.of("gone")), r);
        assertEquals(List.of("gone"), removed);
        assertTrue(goneRun.killed, "a removed check's run is killed");
        assertEquals(sameBefore, status("same").state(), "state, since and counts kept");
        assertEquals(2L, status("same").counts().get(Outcome.PASSED));
        assertEquals(State.STARTING, status("changed").state().state());
        assertEquals(0, status("changed").state().transitions());
        assertEquals(0L, status("changed").counts().get(Outcome.PASSED), "counts start over with the check");
        assertEquals(List.of(State.STARTING), heardStates("changed"));
        assertEquals(List.of(State.STARTING), heardStates("new"));
        assertFalse(scheduler.status().containsKey("gone"));

        timer.advance(Duration.ofMillis(1_700)); // t = 3.0 s
        assertEquals(List.of(Duration.ZERO, INTERVAL, INTERVAL.multipliedBy(2), INTERVAL.multipliedBy(3)),
                launcher.of("same").stream().map(l -> l.at).toList(), "the kept check keeps its cadence");
        assertEquals(Duration.ofMillis(1_300), launcher.of("changed").get(2).at, "the changed one runs at once");
        assertEquals(2, launcher.of("gone").size(), "no run of a removed check");
        assertEquals(State.UP, status("changed").state().state(), "rise 2 from the restart");
    }

    @Test
    void aReconfigureWithTheSameHttpBodyPatternKeepsTheCheck() {
        // Pattern has no equals of its own: two compiles of one regex must still be the same settings.
        var a = new Probe.Http(URI.create("http://127.0.0.1/health"), 200, 299, Optional.of(Pattern.compile("ok")));
        var b = new Probe.Http(URI.create("http://127.0.0.1/health"), 200, 299, Optional.of(Pattern.compile("ok")));
        var c = new Probe.Http(URI.create("http://127.0.0.1/health"), 200, 299, Optional.of(Pattern.compile("OK")));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        scheduler.apply(List.of(new HealthCheckSettings("web", a, INTERVAL, TIMEOUT, 1, 1, StartUp.UP, new OnFailure.Withdraw())));
        Reconfigured r = scheduler.apply(
                List.of(new HealthCheckSettings("web", b, INTERVAL, TIMEOUT, 1, 1, StartUp.UP, new OnFailure.Withdraw())));
        assertEquals(List.of("web"), r.kept());
    }

    @Test
    void theScheduleFollowsTheMonotonicClockWhenTheWallClockStepsBack() {
        launcher.script("web", "ppfp");
        scheduler.apply(List.of(check("web", 1, 1)));
        timer.advance(Duration.ofMillis(1_500));
        timer.stepWallClock(Duration.ofHours(-1));
        timer.advance(Duration.ofSeconds(2));
        assertEquals(List.of(Duration.ZERO, INTERVAL, INTERVAL.multipliedBy(2), INTERVAL.multipliedBy(3)),
                launcher.of("web").stream().map(l -> l.at).toList());
        assertEquals(List.of(State.STARTING, State.UP, State.DOWN, State.UP), heardStates("web"),
                "results after the step are counted, not refused as older than the last");
    }

    @Test
    void aThrowingListenerDoesNotStopTheChecks() {
        launcher.script("web", "pf");
        var s = new CheckScheduler(timer, launcher, state -> {
            throw new IllegalStateException("listener bug");
        });
        s.apply(List.of(check("web", 1, 1)));
        timer.advance(Duration.ofMillis(1_500));
        assertEquals(State.DOWN, s.status().get("web").state().state());
    }

    @Test
    void closeKillsTheRunInFlightAndStopsTheSchedule() {
        launcher.script("web", "h");
        scheduler.apply(List.of(check("web", 1, 1)));
        timer.advance(Duration.ofMillis(100));
        scheduler.close();
        assertTrue(launcher.of("web").getFirst().killed);
        timer.advance(Duration.ofSeconds(5));
        assertEquals(1, launcher.of("web").size());
        assertEquals(0, timer.pending());
        assertThrows(IllegalStateException.class, () -> scheduler.apply(List.of()));
    }

    @Test
    void aRunThatCannotStartIsAFailureAndTheScheduleGoesOn() {
        var starts = new ArrayList<Duration>();
        var s = new CheckScheduler(timer, (settings, done) -> {
            starts.add(timer.elapsed());
            throw new IllegalStateException("no thread");
        }, heard::add);
        s.apply(List.of(check("web", 1, 2)));
        timer.advance(Duration.ofMillis(1_600));
        assertEquals(List.of(Duration.ZERO, INTERVAL), starts);
        assertEquals(2L, s.status().get("web").counts().get(Outcome.FAILED));
        assertEquals(State.DOWN, s.status().get("web").state().state());
        assertEquals("could not start: java.lang.IllegalStateException: no thread", s.status().get("web").lastDetail());
    }

    @Test
    void twoChecksOfOneNameAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> scheduler.apply(List.of(check("web", 1, 1), check("web", 2, 2))));
    }
}
