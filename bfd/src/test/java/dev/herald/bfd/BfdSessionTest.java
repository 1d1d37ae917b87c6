package dev.herald.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BfdSession} against the RFC 5880 6.2 state diagram, one transition per test, and the
 * timer rules of 6.8.2-6.8.4, 6.8.7 and Poll/Final (6.5). Times are nanos from 0; intervals
 * microseconds as on the wire.
 */
class BfdSessionTest {
    static final int LOCAL = 1, REMOTE = 2;
    static final long MS = 1_000_000; // nanos
    /** Jitter 0 (the longest allowed interval is drawn as 75 %... of nothing): deterministic. */
    static final RandomGenerator SHORTEST = () -> 0L;

    static ControlPacket from(State s) {
        return from(s, 300_000, 300_000, 3, false, false);
    }

    static ControlPacket from(State s, long tx, long rx, int mult, boolean poll, boolean fin) {
        return new ControlPacket(0, s, poll, fin, false, false, mult, REMOTE,
                s == State.DOWN || s == State.ADMIN_DOWN ? 0 : LOCAL, tx, rx, 0);
    }

    static BfdSession session() {
        return new BfdSession(LOCAL, Parameters.DEFAULT, SHORTEST, 0);
    }

    static BfdSession in(State s) {
        BfdSession b = session();
        switch (s) {
            case ADMIN_DOWN -> b.adminDown(0);
            case DOWN -> {}
            case INIT -> b.receive(from(State.DOWN), 0);
            case UP -> {
                b.receive(from(State.DOWN), 0);
                b.receive(from(State.UP), 0);
            }
        }
        assertEquals(s, b.state());
        return b;
    }

    static void assertChange(State from, State to, Diagnostic d, Effects e) {
        assertEquals(Optional.of(new StateChange(from, to, d)), e.change());
    }

    /**
     * The 6.2 diagram with the reception rules of 6.8.6, one row per (local state, received
     * state): the state after, and the change with its diagnostic, or none.
     */
    static Stream<Arguments> receptionTable() {
        State A = State.ADMIN_DOWN, D = State.DOWN, I = State.INIT, U = State.UP;
        Diagnostic none = null, neighbor = Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, zero = Diagnostic.NO_DIAGNOSTIC;
        return Stream.of(
                Arguments.of(D, A, D, none), Arguments.of(D, D, I, zero), Arguments.of(D, I, U, zero),
                Arguments.of(D, U, D, none),
                Arguments.of(I, A, D, neighbor), Arguments.of(I, D, I, none), Arguments.of(I, I, U, zero),
                Arguments.of(I, U, U, zero),
                Arguments.of(U, A, D, neighbor), Arguments.of(U, D, D, neighbor), Arguments.of(U, I, U, none),
                Arguments.of(U, U, U, none),
                // AdminDown discards every packet (6.8.6).
                Arguments.of(A, A, A, none), Arguments.of(A, D, A, none), Arguments.of(A, I, A, none),
                Arguments.of(A, U, A, none));
    }

    @ParameterizedTest(name = "{0} receiving {1} -> {2} ({3})")
    @MethodSource("receptionTable")
    void receptionFollowsTheStateDiagram(State local, State received, State after, Diagnostic diag) {
        BfdSession b = in(local);
        Effects e = b.receive(from(received), 1);
        assertEquals(after, b.state());
        assertEquals(diag == null ? Optional.empty() : Optional.of(new StateChange(local, after, diag)), e.change());
        if (local != State.ADMIN_DOWN) {
            assertEquals(REMOTE, b.remoteDiscriminator(), "6.8.6: bfd.RemoteDiscr from My Discriminator");
        }
    }

    @Test
    void downTimerClearsTheRemoteDiscriminator() {
        BfdSession b = session();
        Effects e = b.receive(from(State.UP), 0);
        assertEquals(REMOTE, b.remoteDiscriminator());
        Effects t = b.timerExpired(e.detectionDeadline());
        assertEquals(Optional.empty(), t.change());
        assertEquals(0, b.remoteDiscriminator());
        assertEquals(Effects.NEVER, t.detectionDeadline());
    }

    @Test
    void initTimerGoesDown() {
        BfdSession b = in(State.INIT);
        assertChange(State.INIT, State.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED,
                b.timerExpired(b.detectionDeadline()));
    }

    @Test
    void upTimerGoesDownAtTheDetectionTimeNotBefore() {
        BfdSession b = in(State.UP);
        Effects e = b.receive(from(State.UP), 10 * MS);
        assertEquals(10 * MS + 900 * MS, e.detectionDeadline(), "3 x max(300 ms, 300 ms) after the packet");
        assertEquals(Optional.empty(), b.timerExpired(e.detectionDeadline() - 1).change());
        assertChange(State.UP, State.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED,
                b.timerExpired(e.detectionDeadline()));
        assertEquals(0, b.remoteDiscriminator());
    }

    @Test
    void goingUpClearsTheDiagnostic() {
        BfdSession b = in(State.UP);
        b.receive(from(State.DOWN), 1);
        assertEquals(Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, b.localDiag());
        b.receive(from(State.DOWN), 2); // Init: the last reason stays
        assertEquals(Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, b.localDiag());
        b.receive(from(State.UP), 3);
        assertEquals(Diagnostic.NO_DIAGNOSTIC, b.localDiag());
    }

    // --- AdminDown (6.8.16) ---

    @Test
    void adminDownFromEveryStateTellsThePeerAtOnce() {
        for (State s : new State[] {State.DOWN, State.INIT, State.UP}) {
            BfdSession b = in(s);
            Effects e = b.adminDown(5);
            assertChange(s, State.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN, e);
            ControlPacket p = e.send().orElseThrow();
            assertEquals(State.ADMIN_DOWN, p.state());
            assertEquals(Diagnostic.ADMINISTRATIVELY_DOWN.code(), p.diag());
        }
    }

    @Test
    void adminDownIgnoresPacketsAndTimers() {
        BfdSession b = in(State.ADMIN_DOWN);
        for (State s : State.values()) {
            Effects e = b.receive(from(s, 300_000, 300_000, 3, true, false), 1);
            assertEquals(Optional.empty(), e.change());
            assertEquals(Optional.empty(), e.send(), "discarded before the Poll is answered (6.8.6)");
        }
        assertEquals(Optional.empty(), b.timerExpired(10_000 * MS).change());
        assertEquals(State.ADMIN_DOWN, b.state());
        assertEquals(State.ADMIN_DOWN, b.timerExpired(20_000 * MS).send().orElseThrow().state(),
                "keeps telling the peer");
    }

    @Test
    void adminUpGoesDownAndStartsOver() {
        BfdSession b = in(State.ADMIN_DOWN);
        assertChange(State.ADMIN_DOWN, State.DOWN, Diagnostic.NO_DIAGNOSTIC, b.adminUp(1));
        assertChange(State.DOWN, State.INIT, Diagnostic.NO_DIAGNOSTIC, b.receive(from(State.DOWN), 2));
        assertEquals(Optional.empty(), session().adminUp(1).change(), "not AdminDown: nothing to do");
    }

    // --- what is sent ---

    @Test
    void sendsTheFirstPacketAtOnceWithTheRfcFields() {
        BfdSession b = session();
        ControlPacket p = b.timerExpired(0).send().orElseThrow();
        assertEquals(new ControlPacket(0, State.DOWN, false, false, false, false, 3, LOCAL, 0,
                1_000_000, 300_000, 0), p, "slow start 1 s, C D and echo 0, Your Discriminator unknown");
        b.receive(from(State.DOWN), 0);
        assertEquals(REMOTE, b.timerExpired(b.transmitAt()).send().orElseThrow().yourDiscriminator());
    }

    @Test
    void aPollIsAnsweredAtOnceWithFinalAndPollClear() {
        BfdSession b = in(State.UP);
        b.setParameters(new Parameters(100_000, 100_000, 3), 0); // our own Poll Sequence runs too
        assertTrue(b.polling());
        ControlPacket f = b.receive(from(State.UP, 300_000, 300_000, 3, true, false), 1).send().orElseThrow();
        assertTrue(f.fin());
        assertFalse(f.poll());
        assertEquals(Optional.empty(), b.receive(from(State.UP), 2).send(), "no P, nothing out of schedule");
    }

    @Test
    void theDiscriminatorIsTheCallers() {
        assertThrows(IllegalArgumentException.class, () -> new BfdSession(0, Parameters.DEFAULT, SHORTEST, 0));
        BfdSession b = in(State.UP);
        ControlPacket other = new ControlPacket(0, State.UP, false, false, false, false, 3, REMOTE, 99,
                300_000, 300_000, 0);
        assertThrows(IllegalArgumentException.class, () -> b.receive(other, 1));
    }
}
