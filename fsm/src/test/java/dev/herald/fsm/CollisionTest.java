package dev.herald.fsm;

import static dev.herald.fsm.Harness.IN1;
import static dev.herald.fsm.Harness.IN2;
import static dev.herald.fsm.Harness.OUT1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Keepalive;
import dev.herald.codec.Notification;
import org.junit.jupiter.api.Test;

/** RFC 4271 6.8: the connection initiated by the speaker with the higher BGP Identifier survives. */
class CollisionTest {
    private static final Notification COLLISION = new Notification(6, 7);

    /** Both connections up and in OpenSent: out#1 (ours) and in#1 (theirs). */
    private static Harness bothOpenSent(String localId) {
        Harness h = new Harness(Fixtures.config(localId, Fixtures.LOCAL_AS, Fixtures.REMOTE_AS, false));
        h.on(new Event.ManualStart());
        h.on(new Event.TcpCrAcked(OUT1));
        h.on(new Event.TcpConnectionConfirmed(IN1));
        assertTrue(h.has(new Action.Send(IN1, h.fsm.localOpen())));
        return h;
    }

    @Test
    void higherLocalIdentifierKeepsOurConnection() {
        Harness h = bothOpenSent("10.0.0.9");
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        assertTrue(h.has(Harness.keepalive(OUT1)));
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(IN1, COLLISION), h.actions.getFirst());
        assertTrue(h.has(new Action.CloseConnection(IN1)));
        assertFalse(h.actions.stream().anyMatch(a -> a instanceof Action.ReportDown), "a collision is not a failure");
        h.on(new Event.KeepAliveMsg(OUT1));
        assertTrue(h.actions.getLast() instanceof Action.ReportEstablished e && e.connection().equals(OUT1));
    }

    @Test
    void lowerLocalIdentifierYieldsToThePeersConnection() {
        Harness h = bothOpenSent("10.0.0.1");
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(OUT1, COLLISION), h.actions.getFirst());
        assertTrue(h.has(new Action.CloseConnection(OUT1)));
        assertTrue(h.has(new Action.Send(IN1, Keepalive.INSTANCE)), "the survivor goes on to OpenConfirm");
        h.on(new Event.KeepAliveMsg(IN1));
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }

    @Test
    void theNewcomerCanLoseTooWhenItsOpenArrivesSecond() {
        Harness h = bothOpenSent("10.0.0.1");
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(OUT1, COLLISION), h.actions.getFirst());
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    @Test
    void equalIdentifiersFallBackToTheAsNumber() {
        // RFC 6286 2.3: the speaker with the larger AS keeps its connection; we are 65001 < 65002.
        Harness h = bothOpenSent("10.0.0.2");
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(OUT1, COLLISION), h.actions.getFirst());
    }

    @Test
    void identifiersCompareUnsigned() {
        Harness h = bothOpenSent("200.0.0.1");
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(IN1, COLLISION), h.actions.getFirst());
    }

    @Test
    void aSecondIncomingConnectionReplacesTheFirst() {
        Harness h = new Harness(Fixtures.config("10.0.0.1", 65001, 65002, true));
        h.on(new Event.ManualStart());
        h.on(new Event.TcpConnectionConfirmed(IN1));
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        h.on(new Event.TcpConnectionConfirmed(IN2));
        h.on(new Event.BgpOpen(IN2, Fixtures.peerOpen()));
        assertEquals(new Action.Send(IN1, COLLISION), h.actions.getFirst());
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    /**
     * Established on the peer's connection while ours still waits for the peer's OPEN: ours is reset
     * (RST, no NOTIFICATION, which would complete a handshake the peer's kernel holds half-open;
     * ADR 0017), and what comes on it later changes nothing.
     */
    @Test
    void establishedOnThePeersConnectionResetsOurOpenSentOne() {
        Harness h = bothOpenSent("10.0.0.1");
        h.on(new Event.BgpOpen(IN1, Fixtures.peerOpen()));
        h.on(new Event.KeepAliveMsg(IN1));
        assertTrue(h.has(new Action.AbortConnection(OUT1)), h.actions::toString);
        assertFalse(h.actions.stream().anyMatch(a -> a instanceof Action.Send s && s.connection().equals(OUT1)),
                "no NOTIFICATION on the reset connection: " + h.actions);
        assertFalse(h.has(new Action.CloseConnection(OUT1)), "reset, not closed: " + h.actions);
        assertTrue(h.has(new Action.StopTimer(Harness.HOLD1)), "its OpenSent hold timer goes with it: " + h.actions);
        assertTrue(h.actions.getLast() instanceof Action.ReportEstablished e && e.connection().equals(IN1));
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        h.on(new Event.TcpConnectionFails(OUT1, "connection reset"));
        assertTrue(h.actions.isEmpty(), "the reset connection is forgotten: " + h.actions);
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }

    @Test
    void losingConnectionFailingLaterIsNotADown() {
        Harness h = bothOpenSent("10.0.0.9");
        h.on(new Event.TcpConnectionFails(IN1, "connection reset"));
        assertFalse(h.actions.stream().anyMatch(a -> a instanceof Action.ReportDown));
        assertEquals(State.OPEN_SENT, h.fsm.state());
    }
}
