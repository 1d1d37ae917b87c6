package dev.herald.fsm;

import static dev.herald.fsm.Harness.OUT1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import org.junit.jupiter.api.Test;

/**
 * A stop that must keep the peer's graceful-restart retention (a reset for changed settings,
 * Cease/6): the message depends on what the session negotiated. Without the N bit any
 * NOTIFICATION ends retention (RFC 4724 4.2; BIRD 2 has no RFC 8538), so none is sent.
 */
class GracefulStopTest {
    private static final Notification CONFIG_CHANGE = new Notification(Notification.CEASE,
            Notification.CEASE_OTHER_CONFIG_CHANGE);

    private static Harness established(Open peerOpen) {
        Harness h = new Harness(GracefulRestartTest.cfg(120, false));
        h.toOpenConfirm(peerOpen);
        h.on(new Event.KeepAliveMsg(OUT1));
        return h;
    }

    @Test
    void withTheNBitTheCeaseIsSentAsItIs() {
        Harness h = established(GracefulRestartTest.peerOpen(true));
        h.on(new Event.ManualStop(CONFIG_CHANGE, true));
        assertEquals(CONFIG_CHANGE, h.find(Action.Send.class).message());
        assertTrue(h.has(new Action.CloseConnection(OUT1)), h.actions::toString);
        assertTrue(h.find(Action.ReportDown.class).reason().contains("sent NOTIFICATION 6/6"), h.actions::toString);
    }

    @Test
    void withGracefulRestartButNoNBitTheConnectionClosesWithoutNotification() {
        Harness h = established(GracefulRestartTest.peerOpen(false));
        h.on(new Event.ManualStop(CONFIG_CHANGE, true));
        assertTrue(h.actions.stream().noneMatch(a -> a instanceof Action.Send), h.actions::toString);
        assertTrue(h.has(new Action.CloseConnection(OUT1)), h.actions::toString);
        String reason = h.find(Action.ReportDown.class).reason();
        assertTrue(reason.startsWith("stopped without NOTIFICATION") && reason.contains("6/6"), reason);
    }

    @Test
    void withoutGracefulRestartTheCeaseIsSent() {
        Harness h = established(Fixtures.peerOpen());
        h.on(new Event.ManualStop(CONFIG_CHANGE, true));
        assertEquals(CONFIG_CHANGE, h.find(Action.Send.class).message());
    }

    /** The stop for good is unchanged: without N it sends the Cease, with N a hard one as Hard Reset. */
    @Test
    void aStopThatNeedNotKeepTheRoutesSendsTheCeaseWithoutN() {
        Harness h = established(GracefulRestartTest.peerOpen(false));
        Notification shutdown = new Notification(Notification.CEASE, Notification.CEASE_ADMIN_SHUTDOWN);
        h.on(new Event.ManualStop(shutdown));
        assertEquals(shutdown, h.find(Action.Send.class).message());
    }

    /** The log says what went on the wire: the Hard Reset, not the Cease inside it. */
    @Test
    void theReportedReasonNamesTheHardResetThatWasSent() {
        Harness h = established(GracefulRestartTest.peerOpen(true));
        h.on(new Event.ManualStop(new Notification(Notification.CEASE, Notification.CEASE_ADMIN_SHUTDOWN)));
        assertTrue(h.find(Action.ReportDown.class).reason().contains("sent NOTIFICATION 6/9"), h.actions::toString);
    }
}
