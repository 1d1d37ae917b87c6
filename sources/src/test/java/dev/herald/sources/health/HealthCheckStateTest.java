package dev.herald.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.rib.OnFailure;
import dev.herald.sources.health.HealthCheckSettings.StartUp;
import dev.herald.sources.health.HealthCheckState.Announcement;
import dev.herald.sources.health.HealthCheckState.State;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HealthCheckStateTest {
    private static final Instant T0 = Instant.parse("2026-12-07T22:00:00Z");
    private static final OnFailure WITHDRAW = new OnFailure.Withdraw();
    private static final OnFailure DEGRADE = new OnFailure.Degrade(OptionalLong.of(1000), 0, List.of());

    private static HealthCheckSettings settings(int rise, int fall, StartUp startUp, OnFailure onFailure) {
        return new HealthCheckSettings("web", new Probe.File(Path.of("/run/herald/maintenance"), true),
                Duration.ofSeconds(1), Duration.ofMillis(500), rise, fall, startUp, onFailure);
    }

    /** Feeds {@code pattern} ('p' passed, 'f' failed, 't' timed out), one result a second after T0. */
    private static HealthCheckState feed(HealthCheckState s, String pattern) {
        for (char c : pattern.toCharArray()) {
            Instant at = (s.lastResult().equals(Instant.MIN) ? T0 : s.lastResult()).plusSeconds(1);
            s = s.after(switch (c) {
                case 'p' -> CheckResult.passed(at);
                case 'f' -> CheckResult.failed(at);
                case 't' -> CheckResult.timedOut(at);
                default -> throw new IllegalArgumentException(String.valueOf(c));
            });
        }
        return s;
    }

    private static HealthCheckState start(int rise, int fall, StartUp startUp, OnFailure onFailure) {
        return HealthCheckState.start(settings(rise, fall, startUp, onFailure), T0);
    }

    @Test
    void riseConsecutivePassesMakeUpAndFallConsecutiveFailuresMakeDown() {
        HealthCheckState s = start(3, 2, StartUp.DOWN, WITHDRAW);
        assertEquals(State.STARTING, feed(s, "pp").state());
        s = feed(s, "ppp");
        assertEquals(State.UP, s.state());
        assertEquals(T0.plusSeconds(3), s.since());
        assertEquals(1, s.transitions());
        assertEquals(State.UP, feed(s, "f").state(), "one failure of fall 2");
        s = feed(s, "ff");
        assertEquals(State.DOWN, s.state());
        assertEquals(T0.plusSeconds(5), s.since());
        assertEquals(2, s.transitions());
        assertEquals(Announcement.WITHDRAWN, s.announcement());
    }

    @Test
    void aResultOfTheOtherKindStartsTheCountAgain() {
        HealthCheckState s = feed(start(3, 2, StartUp.DOWN, WITHDRAW), "ppp");
        // f p f p ...: never two failures in a row, so an Up check stays Up.
        s = feed(s, "fpfpfpfpf");
        assertEquals(State.UP, s.state());
        assertEquals(1, s.transitions());
        s = feed(s, "f");
        assertEquals(State.DOWN, s.state());
        // pp f pp f: never three passes in a row, so it stays Down.
        s = feed(s, "ppfppfpp");
        assertEquals(State.DOWN, s.state());
        assertEquals(State.UP, feed(s, "p").state());
    }

    @Test
    void heraldCountsTheFallStrictlyConsecutively() {
        // HAProxy's health counter would take this fall-3 server down (two failures, a pass, two
        // failures: net three); herald needs three failures in a row (ADR 0019).
        HealthCheckState s = feed(start(2, 3, StartUp.DOWN, WITHDRAW), "pp");
        assertEquals(State.UP, feed(s, "ffpff").state());
        assertEquals(State.DOWN, feed(s, "ffpfff").state());
    }

    @Test
    void startUpUpAnnouncesAtOnceAndStartUpDownHoldsBack() {
        HealthCheckState up = start(2, 2, StartUp.UP, WITHDRAW);
        HealthCheckState down = start(2, 2, StartUp.DOWN, WITHDRAW);
        assertEquals(State.STARTING, up.state());
        assertEquals(Announcement.NORMAL, up.announcement());
        assertEquals(Announcement.WITHDRAWN, down.announcement());
        assertEquals(Announcement.WITHDRAWN, feed(down, "p").announcement(), "one pass of rise 2");
        assertEquals(Announcement.NORMAL, feed(down, "pp").announcement());
        assertEquals(Announcement.NORMAL, feed(up, "f").announcement(), "one failure of fall 2");
        assertEquals(Announcement.WITHDRAWN, feed(up, "ff").announcement());
        // Leaving Starting is a transition even where the announcement does not change.
        assertEquals(1, feed(up, "pp").transitions());
        assertEquals(State.UP, feed(up, "pp").state());
    }

    @Test
    void aTimeoutIsAFailure() {
        HealthCheckState s = feed(start(1, 2, StartUp.UP, DEGRADE), "p");
        assertEquals(State.UP, feed(s, "t").state());
        assertEquals(State.DOWN, feed(s, "tt").state());
        assertEquals(State.DOWN, feed(s, "ft").state());
        assertEquals(State.DOWN, feed(s, "tf").state());
        assertEquals(Announcement.DEGRADED, feed(s, "tt").announcement());
    }

    @Test
    void riseAndFallOfOneFollowEveryResult() {
        HealthCheckState s = feed(start(1, 1, StartUp.DOWN, WITHDRAW), "pfpfp");
        assertEquals(State.UP, s.state());
        assertEquals(5, s.transitions());
    }

    @Test
    void flappingIsBoundedByRiseAndFall() {
        // The worst flapping pattern for rise 2, fall 3: exactly enough to turn each time.
        HealthCheckState s = start(2, 3, StartUp.DOWN, WITHDRAW);
        String cycle = "ppfff";
        s = feed(s, cycle.repeat(10));
        assertEquals(20, s.transitions(), "two transitions per cycle of rise + fall results");
        // One result short of either threshold each time: no transition at all after the first Up.
        HealthCheckState t = feed(start(2, 3, StartUp.DOWN, WITHDRAW), "pp" + "ffp".repeat(20) + "p");
        assertEquals(1, t.transitions());
        assertEquals(State.UP, t.state());
    }

    @Test
    void sinceStaysWhileTheStateHolds() {
        HealthCheckState s = feed(start(2, 2, StartUp.DOWN, WITHDRAW), "pp");
        Instant upSince = s.since();
        s = feed(s, "pfpppfp");
        assertEquals(upSince, s.since());
        assertEquals(T0.plusSeconds(9), s.lastResult());
    }

    @Test
    void resultsOutOfTimeOrderAreRefused() {
        HealthCheckState s = feed(start(2, 2, StartUp.DOWN, WITHDRAW), "pp");
        assertThrows(IllegalArgumentException.class, () -> s.after(CheckResult.passed(T0)));
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> settings(0, 1, StartUp.UP, WITHDRAW));
        assertThrows(IllegalArgumentException.class, () -> settings(1, 0, StartUp.UP, WITHDRAW));
        assertThrows(IllegalArgumentException.class, () -> new HealthCheckSettings("x", new Probe.Tcp("::1", 80),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 1, 1, StartUp.UP, WITHDRAW));
        assertThrows(IllegalArgumentException.class, () -> new OnFailure.Degrade(OptionalLong.empty(), 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Probe.Exec(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Probe.Tcp("::1", 0));
    }

    /**
     * A random sequence against a reference model written from the definition (the state is that of the
     * latest run of rise passes or fall failures among the results so far, Starting if none), not from
     * the counters. -Dhealth.seed=N replays a seed.
     */
    @Test
    void randomSequencesMatchTheReferenceModel() {
        long seed = Long.getLong("health.seed", System.nanoTime());
        System.out.println("HealthCheckStateTest seed " + seed + " (-Dhealth.seed=" + seed + " reproduces)");
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int rise = 1 + random.nextInt(5);
            int fall = 1 + random.nextInt(5);
            StartUp startUp = random.nextBoolean() ? StartUp.UP : StartUp.DOWN;
            OnFailure onFailure = random.nextBoolean() ? WITHDRAW : DEGRADE;
            int passPerMille = random.nextInt(1001);
            HealthCheckState s = start(rise, fall, startUp, onFailure);
            StringBuilder history = new StringBuilder();
            State previous = State.STARTING;
            long transitions = 0;
            int sinceLastTransition = 0;
            for (int i = 0; i < 300; i++) {
                char c = random.nextInt(1000) < passPerMille ? 'p' : (random.nextBoolean() ? 'f' : 't');
                history.append(c);
                s = feed(s, String.valueOf(c));
                String context = "seed " + seed + ", round " + round + ", rise " + rise + ", fall " + fall
                        + ", history " + history;
                State expected = referenceState(history, rise, fall);
                assertEquals(expected, s.state(), context);
                sinceLastTransition++;
                if (expected != previous) {
                    transitions++;
                    // Bounded flapping: a state is left only after a full run of the other kind.
                    if (previous == State.UP) {
                        assertTrue(sinceLastTransition >= fall, context);
                    } else if (previous == State.DOWN) {
                        assertTrue(sinceLastTransition >= rise, context);
                    }
                    sinceLastTransition = 0;
                    previous = expected;
                }
                assertEquals(transitions, s.transitions(), context);
                boolean healthy = expected == State.UP || (expected == State.STARTING && startUp == StartUp.UP);
                Announcement announcement = healthy ? Announcement.NORMAL
                        : onFailure instanceof OnFailure.Withdraw ? Announcement.WITHDRAWN : Announcement.DEGRADED;
                assertEquals(announcement, s.announcement(), context);
            }
        }
    }

    /** The state after {@code history}, from the definition: the last complete run decides. */
    private static State referenceState(CharSequence history, int rise, int fall) {
        State state = State.STARTING;
        for (int end = 1; end <= history.length(); end++) {
            if (endsWithRun(history, end, rise, true)) {
                state = State.UP;
            } else if (endsWithRun(history, end, fall, false)) {
                state = State.DOWN;
            }
        }
        return state;
    }

    private static boolean endsWithRun(CharSequence history, int end, int length, boolean passes) {
        if (end < length) {
            return false;
        }
        for (int i = end - length; i < end; i++) {
            if ((history.charAt(i) == 'p') != passes) {
                return false;
            }
        }
        return true;
    }
}
