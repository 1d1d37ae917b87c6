package dev.herald.bfd;

import static dev.herald.bfd.BfdSessionTest.MS;
import static dev.herald.bfd.BfdSessionTest.from;
import static dev.herald.bfd.BfdSessionTest.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Timer negotiation (6.8.2, 6.8.4), slow start (6.8.3), jitter (6.8.7) and Poll/Final (6.5). */
class BfdTimersTest {
    /** An Up session whose Poll Sequence for leaving slow start has ended. */
    static BfdSession settled(Parameters p) {
        BfdSession b = new BfdSession(BfdSessionTest.LOCAL, p, BfdSessionTest.SHORTEST, 0);
        b.receive(from(State.INIT), 0);
        b.receive(from(State.UP, 300_000, 300_000, 3, false, true), 0);
        assertEquals(State.UP, b.state());
        assertFalse(b.polling());
        return b;
    }

    @Test
    void theTransmitIntervalIsTheLargerOfLocalTxAndRemoteRx() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.receive(from(State.UP, 300_000, 500_000, 3, false, false), 1);
        assertEquals(500_000, b.transmitInterval());
        b.receive(from(State.UP, 300_000, 100_000, 3, false, false), 2);
        assertEquals(300_000, b.transmitInterval());
    }

    @Test
    void theDetectionTimeIsRemoteMultTimesTheLargerOfLocalRxAndRemoteTx() {
        BfdSession b = settled(Parameters.DEFAULT);
        Effects e = b.receive(from(State.UP, 400_000, 300_000, 5, false, false), 7);
        assertEquals(5 * 400_000, b.detectionTime());
        assertEquals(7 + 2_000 * MS, e.detectionDeadline());
        b.receive(from(State.UP, 100_000, 300_000, 5, false, false), 8);
        assertEquals(5 * 300_000, b.detectionTime());
    }

    @Test
    void slowStartUntilUpThenTheConfiguredIntervalThroughAPoll() {
        BfdSession b = new BfdSession(1, new Parameters(50_000, 50_000, 3), BfdSessionTest.SHORTEST, 0);
        assertEquals(BfdSession.SLOW_START_TX, b.advertisedDesiredMinTxInterval());
        b.receive(from(State.DOWN, 50_000, 50_000, 3, false, false), 0);
        assertEquals(State.INIT, b.state());
        assertEquals(BfdSession.SLOW_START_TX, b.transmitInterval());
        assertFalse(b.polling(), "no Poll below Up");
        b.receive(from(State.UP, 50_000, 50_000, 3, false, false), 1);
        assertEquals(50_000, b.advertisedDesiredMinTxInterval());
        assertEquals(50_000, b.transmitInterval(), "a decrease applies at once");
        assertTrue(b.polling());
        assertTrue(b.timerExpired(b.transmitAt()).send().orElseThrow().poll());
        b.receive(from(State.UP, 50_000, 50_000, 3, false, true), 2);
        assertFalse(b.polling());
        assertFalse(b.timerExpired(b.transmitAt()).send().orElseThrow().poll());
        // Down again: slow start at once, no Poll.
        b.receive(from(State.DOWN), 3);
        assertEquals(BfdSession.SLOW_START_TX, b.transmitInterval());
        assertFalse(b.polling());
    }

    @Test
    void aShorterIntervalPullsTheNextPacketIn() {
        BfdSession b = new BfdSession(1, new Parameters(50_000, 50_000, 1), BfdSessionTest.SHORTEST, 0);
        b.timerExpired(0);
        assertEquals(750 * MS, b.transmitAt(), "slow start: 75 % of 1 s");
        // Up: the Final we send at once tells the peer 50 ms; the next packet must follow it
        // within that, not at the slow start schedule.
        Effects e = b.receive(from(State.INIT, 50_000, 50_000, 1, true, false), 10 * MS);
        assertTrue(e.send().orElseThrow().fin());
        assertEquals(10 * MS + 37_500_000, e.transmitAt());
        // A longer interval leaves the schedule alone.
        b.setParameters(new Parameters(50_000, 50_000, 1), 11 * MS);
        b.receive(from(State.UP, 50_000, 500_000, 1, false, false), 12 * MS);
        assertEquals(10 * MS + 37_500_000, b.transmitAt());
    }

    @Test
    void aConfiguredIntervalAboveOneSecondNeedsNoPollOnGoingUp() {
        BfdSession b = new BfdSession(1, new Parameters(2_000_000, 2_000_000, 3), BfdSessionTest.SHORTEST, 0);
        b.receive(from(State.INIT), 0);
        assertEquals(State.UP, b.state());
        assertFalse(b.polling());
    }

    @Test
    void anIncreasedTxIntervalWaitsForTheFinal() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.setParameters(new Parameters(1_000_000, 300_000, 3), 10);
        assertTrue(b.polling());
        assertEquals(300_000, b.transmitInterval(), "the peer's detection time is not yet longer");
        ControlPacket p = b.timerExpired(b.transmitAt()).send().orElseThrow();
        assertTrue(p.poll());
        assertEquals(1_000_000, p.desiredMinTxInterval(), "the packets carry the new value");
        b.receive(from(State.UP, 300_000, 300_000, 3, false, false), 20);
        assertEquals(300_000, b.transmitInterval(), "no F, no change");
        b.receive(from(State.UP, 300_000, 300_000, 3, false, true), 30);
        assertFalse(b.polling());
        assertEquals(1_000_000, b.transmitInterval());
    }

    @Test
    void aDecreasedRxIntervalCountsInTheDetectionTimeOnlyAfterTheFinal() {
        BfdSession b = settled(new Parameters(300_000, 900_000, 3));
        b.receive(from(State.UP, 100_000, 300_000, 3, false, false), 1);
        assertEquals(3 * 900_000, b.detectionTime());
        b.setParameters(new Parameters(300_000, 100_000, 3), 2);
        b.receive(from(State.UP, 100_000, 300_000, 3, false, false), 3);
        assertEquals(3 * 900_000, b.detectionTime(), "the peer may still send at the old rate");
        b.receive(from(State.UP, 100_000, 300_000, 3, false, true), 4);
        assertEquals(3 * 100_000, b.detectionTime());
    }

    @Test
    void anIncreasedRxIntervalCountsAtOnce() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.setParameters(new Parameters(300_000, 2_000_000, 3), 1);
        b.receive(from(State.UP), 2);
        assertEquals(3 * 2_000_000, b.detectionTime());
        assertTrue(b.polling());
    }

    @Test
    void aChangeDuringAPollNeedsOneMoreFinal() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.setParameters(new Parameters(1_000_000, 300_000, 3), 1);
        b.setParameters(new Parameters(2_000_000, 300_000, 3), 2);
        b.receive(from(State.UP, 300_000, 300_000, 3, false, true), 3); // may answer the 1 s packets
        assertTrue(b.polling());
        assertEquals(300_000, b.transmitInterval());
        b.receive(from(State.UP, 300_000, 300_000, 3, false, true), 4);
        assertFalse(b.polling());
        assertEquals(2_000_000, b.transmitInterval());
    }

    @Test
    void onlyAChangedIntervalPolls() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.setParameters(new Parameters(300_000, 300_000, 5), 1);
        assertFalse(b.polling(), "Detect Mult is not subject to a Poll Sequence");
        b.setParameters(Parameters.DEFAULT, 2);
        assertFalse(b.polling());
    }

    @Test
    void thePeersPollUpdatesTheDetectionTimeAndIsAnswered() {
        BfdSession b = settled(Parameters.DEFAULT);
        Effects e = b.receive(from(State.UP, 1_000_000, 300_000, 3, true, false), 5);
        assertTrue(e.send().orElseThrow().fin());
        assertEquals(3 * 1_000_000, b.detectionTime());
        assertEquals(5 + 3_000 * MS, e.detectionDeadline());
    }

    @Test
    void nothingPeriodicWhileThePeerAsksForNoPackets() {
        BfdSession b = settled(Parameters.DEFAULT);
        b.receive(from(State.UP, 300_000, 0, 3, false, false), 1);
        long at = b.transmitAt();
        Effects e = b.timerExpired(at);
        assertEquals(Optional.empty(), e.send());
        assertTrue(e.transmitAt() > at, "the schedule goes on");
        assertTrue(b.receive(from(State.UP, 300_000, 0, 3, true, false), 2).send().orElseThrow().fin(),
                "a Poll is still answered");
    }

    @Test
    void aPeerInDemandModeGetsNothingPeriodicWhileBothAreUp() {
        BfdSession b = settled(Parameters.DEFAULT);
        ControlPacket demand = new ControlPacket(0, State.UP, false, false, false, true, 3, BfdSessionTest.REMOTE,
                BfdSessionTest.LOCAL, 300_000, 300_000, 0);
        b.receive(demand, 1);
        assertEquals(Optional.empty(), b.timerExpired(b.transmitAt()).send());
        b.setParameters(new Parameters(100_000, 300_000, 3), 2);
        assertTrue(b.timerExpired(b.transmitAt()).send().orElseThrow().poll(), "a Poll Sequence still goes out");
        b.receive(from(State.UP, 300_000, 300_000, 3, false, true), 3);
        assertTrue(b.timerExpired(b.transmitAt()).send().isPresent(), "the Final had D clear: periodic again");
    }

    @Test
    void aNegativeClockAsNanoTimeMayGiveWorks() {
        long t0 = -4_000_000_000_000_000_000L;
        BfdSession b = new BfdSession(1, Parameters.DEFAULT, BfdSessionTest.SHORTEST, t0);
        b.receive(from(State.INIT), t0);
        assertEquals(State.UP, b.state());
        Effects e = b.timerExpired(t0 + 1);
        assertEquals(Optional.empty(), e.change(), "no detection time has passed");
        assertEquals(t0 + 900 * MS, e.detectionDeadline());
        assertEquals(State.DOWN, b.timerExpired(t0 + 900 * MS).change().orElseThrow().to());
        assertEquals(Optional.empty(), b.timerExpired(t0 + 901 * MS).change(), "no deadline armed: nothing");
    }

    @Test
    void aStaleTimerChangesNothing() {
        BfdSession b = settled(Parameters.DEFAULT);
        Effects e = b.receive(from(State.UP), 100 * MS);
        Effects stale = b.timerExpired(Math.min(e.transmitAt(), e.detectionDeadline()) - 1);
        assertEquals(Optional.empty(), stale.send());
        assertEquals(Optional.empty(), stale.change());
        assertEquals(e, stale);
    }

    @Test
    void jitterIs75To100PercentOr75To90WithDetectMultOne() {
        for (int mult : new int[] {3, 1}) {
            BfdSession b = new BfdSession(1, new Parameters(1_000_000, 1_000_000, mult), new Random(5880), 0);
            long low = Long.MAX_VALUE, high = 0;
            long now = 0;
            for (int i = 0; i < 2000; i++) {
                now = b.transmitAt();
                long next = b.timerExpired(now).transmitAt() - now;
                low = Math.min(low, next);
                high = Math.max(high, next);
            }
            long nanos = 1_000_000_000L;
            long top = mult == 1 ? nanos * 9 / 10 : nanos;
            assertTrue(low >= nanos * 3 / 4 && high <= top, mult + ": " + low + ".." + high);
            // Spread over the whole range, not a constant (2000 draws, the edges within 1 %).
            assertTrue(low < nanos * 76 / 100 && high > top - nanos / 100, mult + ": " + low + ".." + high);
        }
    }
}
