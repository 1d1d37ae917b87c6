package dev.herald.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two sessions against each other through {@link Simulation}, with random parameters, loss and
 * administrative actions. The seed is printed; {@code -Dbfd.seed=N} replays (or tries) another.
 * Per scenario:
 * <ol>
 *   <li>no loss: both come Up, then both change their parameters (Poll/Final both ways) and
 *       settle on the negotiated intervals without a flap;</li>
 *   <li>random loss, parameter changes and AdminDown/Up on either side: a side is never Up while
 *       the other has been AdminDown for longer than its detection time (plus the link delay);</li>
 *   <li>no loss until both are Up again, then total loss: both go Down within their detection
 *       time plus one interval of the peer.</li>
 * </ol>
 */
class TwoSessionSimulationTest {
    static final long SECOND = 1_000_000_000L;
    static final long[] INTERVALS = {10_000, 20_000, 50_000, 100_000, 300_000, 1_000_000, 2_000_000};
    static final int SCENARIOS = 150;

    @Test
    void randomScenarios() {
        long seed = Long.getLong("bfd.seed", 20261207L);
        System.out.println("TwoSessionSimulationTest seed " + seed + " (replay: -Dbfd.seed=" + seed + ")");
        Random master = new Random(seed);
        Stats stats = new Stats();
        for (int n = 0; n < SCENARIOS; n++) {
            long scenarioSeed = master.nextLong();
            try {
                scenario(new Random(scenarioSeed), stats);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", scenario " + n + ": " + e.getMessage(), e);
            }
        }
        System.out.printf("%d scenarios: %d AdminDowns against an Up peer, %d of them seen to take it Down"
                + " (at most %.0f %% of the bound after the AdminDown); %d Up-to-Down changes under loss and AdminDown;"
                + " total loss took both Down within %.0f %% of the bound at most%n", SCENARIOS,
                stats.adminDownsAgainstUp, stats.peerDownSeen, 100 * stats.largestFractionOfBound, stats.flapsUnderLoss,
                100 * stats.largestFractionOfLossBound);
        // The invariant of phase 2 must have been put to the test, not held vacuously.
        assertTrue(stats.peerDownSeen >= SCENARIOS, () -> "only " + stats.peerDownSeen + " AdminDowns took an Up peer Down");
    }

    /** What the scenarios exercised, so a vacuous pass shows. */
    static final class Stats {
        int adminDownsAgainstUp, peerDownSeen, flapsUnderLoss;
        double largestFractionOfBound, largestFractionOfLossBound;
    }

    static Parameters randomParameters(Random r) {
        return new Parameters(INTERVALS[r.nextInt(INTERVALS.length)], INTERVALS[r.nextInt(INTERVALS.length)],
                1 + r.nextInt(5));
    }

    static void scenario(Random r, Stats stats) {
        Simulation s = new Simulation(r, randomParameters(r), randomParameters(r));
        s.note("start: side 0 " + s.side[0].parameters() + ", side 1 " + s.side[1].parameters());

        // 1. No loss: Up within a bound (slow start at 1-2 s intervals, a few packets each way).
        s.runUntil(20 * SECOND, sim -> {});
        assertTrue(s.bothUp(), () -> "not Up without loss\n" + s.recent());
        Parameters[] next = {randomParameters(r), randomParameters(r)};
        long t = s.now;
        s.runUntil(t + r.nextLong(SECOND), sim -> {});
        s.note("side 0 " + next[0]);
        s.apply(0, s.side[0].setParameters(next[0], s.now));
        s.runUntil(s.now + r.nextLong(SECOND), sim -> {});
        s.note("side 1 " + next[1]);
        s.apply(1, s.side[1].setParameters(next[1], s.now));
        s.runUntil(s.now + 20 * SECOND, sim -> {});
        assertTrue(s.bothUp(), () -> "Up and no loss, yet\n" + s.recent());
        assertEquals(0, s.flaps[0] + s.flaps[1], () -> "a flap without loss\n" + s.recent());
        assertNegotiated(s);

        // 2. Chaos: loss, parameter changes, AdminDown/Up.
        long[] adminDownSince = {-1, -1};
        boolean[] watching = new boolean[2]; // the peer of side i was Up when i went AdminDown
        int flapsBefore = s.flaps[0] + s.flaps[1];
        Simulation.Check neverUpAgainstAdminDown = sim -> {
            for (int i = 0; i < 2; i++) {
                int other = 1 - i;
                long since = adminDownSince[i];
                if (since < 0) {
                    continue;
                }
                long bound = since + Simulation.MAX_DELAY + sim.largestDetectionTime[other] * 1000;
                if (sim.side[other].state() == State.UP) {
                    assertTrue(sim.now <= bound, () -> "side " + other + " Up at " + sim.now + ", side "
                            + (1 - other) + " AdminDown since " + since + "\n" + sim.recent());
                } else if (watching[i]) {
                    watching[i] = false;
                    stats.peerDownSeen++;
                    stats.largestFractionOfBound = Math.max(stats.largestFractionOfBound,
                            (double) (sim.now - since) / (bound - since));
                }
            }
        };
        long end = s.now + (20 + r.nextInt(40)) * SECOND;
        while (s.now < end) {
            s.loss = r.nextDouble() < 0.3 ? 0 : r.nextDouble() * 0.6;
            int i = r.nextInt(2);
            int action = r.nextInt(3);
            if (action == 0 && adminDownSince[0] < 0 && adminDownSince[1] < 0) {
                // Parameters change only while neither side is AdminDown, so the bound above
                // holds the detection times that count.
                s.apply(i, s.side[i].setParameters(randomParameters(r), s.now));
            } else if (action == 1 && adminDownSince[i] < 0) {
                watching[i] = s.side[1 - i].state() == State.UP;
                if (watching[i]) {
                    stats.adminDownsAgainstUp++;
                }
                s.apply(i, s.side[i].adminDown(s.now));
                adminDownSince[i] = s.now;
                s.largestDetectionTime[1 - i] = s.side[1 - i].detectionTime();
            } else if (action == 2 && adminDownSince[i] >= 0) {
                s.apply(i, s.side[i].adminUp(s.now));
                adminDownSince[i] = -1;
                watching[i] = false;
            }
            s.runUntil(s.now + 200_000_000L + r.nextLong(3 * SECOND), neverUpAgainstAdminDown);
        }

        stats.flapsUnderLoss += s.flaps[0] + s.flaps[1] - flapsBefore;

        // 3. Back Up without loss, then total loss.
        for (int i = 0; i < 2; i++) {
            s.apply(i, s.side[i].adminUp(s.now));
        }
        s.loss = 0;
        s.runUntil(s.now + 30 * SECOND, sim -> {});
        assertTrue(s.bothUp(), () -> "not Up again without loss\n" + s.recent());
        assertNegotiated(s);
        long lossFrom = s.now;
        s.loss = 1;
        long[] downAt = {-1, -1};
        long[] bound = new long[2];
        for (int i = 0; i < 2; i++) {
            BfdSession peer = s.side[1 - i];
            bound[i] = lossFrom + (s.side[i].detectionTime() + peer.transmitInterval()) * 1000;
        }
        s.runUntil(Math.max(bound[0], bound[1]), sim -> {
            for (int i = 0; i < 2; i++) {
                if (downAt[i] < 0 && sim.side[i].state() == State.DOWN) {
                    downAt[i] = sim.now;
                }
            }
        });
        for (int i = 0; i < 2; i++) {
            int side = i;
            assertTrue(downAt[i] >= 0 && downAt[i] <= bound[i], () -> "side " + side + " not Down by "
                    + bound[side] + " (lost from " + lossFrom + "): " + downAt[side] + "\n" + s.recent());
            assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, s.side[i].localDiag());
            stats.largestFractionOfLossBound = Math.max(stats.largestFractionOfLossBound,
                    (double) (downAt[i] - lossFrom) / (bound[i] - lossFrom));
        }
    }

    /** 6.8.2 and 6.8.4 from the two configurations, once every Poll Sequence has ended. */
    static void assertNegotiated(Simulation s) {
        for (int i = 0; i < 2; i++) {
            Parameters mine = s.side[i].parameters();
            Parameters theirs = s.side[1 - i].parameters();
            assertFalse(s.side[i].polling(), () -> "still polling\n" + s.recent());
            assertEquals(Math.max(mine.desiredMinTxInterval(), theirs.requiredMinRxInterval()),
                    s.side[i].transmitInterval());
            assertEquals(theirs.detectMult() * Math.max(mine.requiredMinRxInterval(), theirs.desiredMinTxInterval()),
                    s.side[i].detectionTime());
        }
    }
}
