package dev.herald.fsm;

import static dev.herald.fsm.Harness.IN1;
import static dev.herald.fsm.Harness.HOLD1;
import static dev.herald.fsm.Harness.KEEPALIVE1;
import static dev.herald.fsm.Harness.SEND_HOLD1;
import static dev.herald.fsm.Harness.IDLE_HOLD;
import static dev.herald.fsm.Harness.OUT1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import dev.herald.codec.Keepalive;
import dev.herald.codec.Notification;
import dev.herald.codec.RouteRefresh;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EstablishedTest {

    @Test
    void holdTimerExpirySends4Slash0AndReportsDown() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.TimerExpired(HOLD1));
        h.expect(new Action.Send(OUT1, new Notification(4, 0)), new Action.CloseConnection(OUT1),
                new Action.StopTimer(KEEPALIVE1),
                new Action.ReportDown("hold timer expired, sent NOTIFICATION 4/0 (hold timer expired)", true),
                new Action.StartTimer(IDLE_HOLD, Duration.ofSeconds(10)));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void holdTimerExpiryInOpenSentAlsoSends4Slash0() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.TimerExpired(HOLD1));
        assertTrue(h.has(new Action.Send(OUT1, new Notification(4, 0))));
        assertTrue(h.has(new Action.ReportDown("hold timer expired, sent NOTIFICATION 4/0 (hold timer expired)", false)));
    }

    @Test
    void keepaliveTimerSendsKeepaliveAndRestarts() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.TimerExpired(KEEPALIVE1));
        h.expect(new Action.Send(OUT1, Keepalive.INSTANCE), new Action.StartTimer(KEEPALIVE1, Duration.ofSeconds(30)));
    }

    @Test
    void keepaliveAndUpdateRestartTheHoldTimer() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.KeepAliveMsg(OUT1));
        h.expect(new Action.StartTimer(HOLD1, Duration.ofSeconds(90)));
        h.on(new Event.UpdateMsg(OUT1));
        h.expect(new Action.StartTimer(HOLD1, Duration.ofSeconds(90)));
    }

    @Test
    void peerNotificationEndsTheSessionWithItsMessage() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.NotifMsg(OUT1, Notification.ceaseWithMessage(2, "maintenance")));
        h.expect(new Action.CloseConnection(OUT1), new Action.StopTimer(HOLD1), new Action.StopTimer(KEEPALIVE1),
                new Action.ReportDown("peer sent NOTIFICATION 6/2 \"maintenance\"", true),
                new Action.StartTimer(IDLE_HOLD, Duration.ofSeconds(10)));
        assertEquals("peer sent NOTIFICATION 6/2 \"maintenance\"", h.fsm.lastError());
    }

    @Test
    void connectionLossInEstablishedGoesToIdle() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.TcpConnectionFails(OUT1, "connection reset by peer"));
        assertTrue(h.has(new Action.ReportDown("connection reset by peer", true)));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void automaticStopSendsItsNotificationAndRestartsAfterTheIdleHold() {
        Harness h = new Harness().toEstablished();
        Notification bfdDown = new Notification(Notification.CEASE, Notification.CEASE_BFD_DOWN);
        h.on(new Event.AutomaticStop(bfdDown, "BFD session went Down"));
        h.expect(new Action.Send(OUT1, bfdDown), new Action.CloseConnection(OUT1), new Action.StopTimer(HOLD1),
                new Action.StopTimer(KEEPALIVE1),
                new Action.ReportDown("BFD session went Down, sent NOTIFICATION 6/10 (Cease: BFD down)", true),
                new Action.StartTimer(IDLE_HOLD, Duration.ofSeconds(10)));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void automaticStopOutsideEstablishedIsIgnored() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.AutomaticStop(new Notification(Notification.CEASE, Notification.CEASE_BFD_DOWN), "late"));
        h.expect();
    }

    @Test
    void manualStopSendsCeaseAndStaysIdle() {
        Harness h = new Harness().toEstablished();
        Notification why = Notification.ceaseWithMessage(2, "bye");
        h.on(new Event.ManualStop(why));
        h.expect(new Action.Send(OUT1, why), new Action.CloseConnection(OUT1), new Action.StopTimer(HOLD1),
                new Action.StopTimer(KEEPALIVE1), new Action.ReportDown("stopped, sent NOTIFICATION 6/2 \"bye\"", true));
        assertEquals(State.IDLE, h.fsm.state());
        h.on(new Event.TimerExpired(TimerId.session(Timer.CONNECT_RETRY)));
        h.expect();
        h.on(new Event.TcpConnectionConfirmed(IN1));
        h.expect(new Action.CloseConnection(IN1));
    }

    @Test
    void manualStopWhileConnectingJustCloses() {
        Harness h = new Harness();
        h.on(new Event.ManualStart());
        h.on(new Event.ManualStop(new Notification(6, 2)));
        h.expect(new Action.CloseConnection(OUT1), new Action.StopTimer(TimerId.session(Timer.CONNECT_RETRY)));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void decodeErrorSendsTheCodecsNotification() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.DecodeError(OUT1, new Notification(3, 1), "duplicate MP_REACH_NLRI"));
        assertEquals(new Action.Send(OUT1, new Notification(3, 1)), h.actions.getFirst());
        assertTrue(h.has(new Action.ReportDown(
                "duplicate MP_REACH_NLRI, sent NOTIFICATION 3/1 (UPDATE message error: malformed attribute list)", true)));
    }

    @Test
    void unexpectedMessagesAreFsmErrorsWithRfc6608Subcodes() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.KeepAliveMsg(OUT1));
        assertEquals(new Action.Send(OUT1, new Notification(5, 1)), h.actions.getFirst());

        h = new Harness().toOpenConfirm(Fixtures.peerOpen());
        h.on(new Event.UpdateMsg(OUT1));
        assertEquals(new Action.Send(OUT1, new Notification(5, 2)), h.actions.getFirst());

        h = new Harness().toEstablished();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        assertEquals(new Action.Send(OUT1, new Notification(5, 3)), h.actions.getFirst());
        assertTrue(h.has(new Action.ReportDown(
                "unexpected OPEN in Established, sent NOTIFICATION 5/3 (FSM error: unexpected message in Established)",
                true)));
    }

    @Test
    void routeRefreshForANegotiatedFamilyIsReported() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.RouteRefreshMsg(OUT1, new RouteRefresh(2, 0, 1)));
        h.expect(new Action.StartTimer(HOLD1, Duration.ofSeconds(90)), new Action.ReportRouteRefresh(Family.IPV6_UNICAST));
        h.on(new Event.RouteRefreshMsg(OUT1, new RouteRefresh(1, 0, 128)));
        h.expect(new Action.StartTimer(HOLD1, Duration.ofSeconds(90)));
    }

    @Test
    void sendHoldTimerRunsWhileWritesAreBlocked() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.SendBlocked(OUT1));
        h.expect(new Action.StartTimer(SEND_HOLD1, Duration.ofMinutes(8)));
        h.on(new Event.SendBlocked(OUT1));
        h.expect();
        h.on(new Event.SendUnblocked(OUT1));
        h.expect(new Action.StopTimer(SEND_HOLD1));
        h.on(new Event.SendBlocked(OUT1));
        h.on(new Event.TimerExpired(SEND_HOLD1));
        assertEquals(new Action.Send(OUT1, new Notification(8, 0)), h.actions.getFirst());
        assertTrue(h.has(new Action.ReportDown(
                "send hold timer expired, sent NOTIFICATION 8/0 (send hold timer expired)", true)));
    }

    /**
     * A peer that reads slowly drains herald's socket buffer below its low-water mark again and
     * again (herald writes only while it can, ADR 0012): each drain stops the timer and the next
     * block starts a full one, so it is never dropped however long it lags in all.
     */
    @Test
    void aPeerThatKeepsDrainingGetsAFullSendHoldTimeAtEachBlock() {
        Harness h = new Harness().toEstablished();
        for (int i = 0; i < 3; i++) {
            h.on(new Event.SendBlocked(OUT1));
            h.expect(new Action.StartTimer(SEND_HOLD1, Duration.ofMinutes(8)));
            h.on(new Event.SendUnblocked(OUT1));
            h.expect(new Action.StopTimer(SEND_HOLD1));
        }
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }

    /** RFC 9687 drops a peer that makes no progress: one that reads while blocked is never dropped by it. */
    @Test
    void progressWhileBlockedStartsTheSendHoldTimerOver() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.SendProgress(OUT1));
        h.expect(); // not blocked: no timer to start over
        h.on(new Event.SendBlocked(OUT1));
        h.expect(new Action.StartTimer(SEND_HOLD1, Duration.ofMinutes(8)));
        h.on(new Event.SendProgress(OUT1));
        h.expect(new Action.StartTimer(SEND_HOLD1, Duration.ofMinutes(8)));
        h.on(new Event.SendUnblocked(OUT1));
        h.expect(new Action.StopTimer(SEND_HOLD1));
        h.on(new Event.SendProgress(OUT1));
        h.expect();
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }

    @Test
    void incomingConnectionWhileEstablishedIsClosed() {
        Harness h = new Harness().toEstablished();
        h.on(new Event.TcpConnectionConfirmed(IN1));
        h.expect(new Action.CloseConnection(IN1));
        assertEquals(State.ESTABLISHED, h.fsm.state());
    }
}
