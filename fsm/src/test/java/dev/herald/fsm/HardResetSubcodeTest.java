package dev.herald.fsm;

import static dev.herald.fsm.Harness.OUT1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.codec.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which NOTIFICATIONs herald sends as Hard Reset once the N bit is negotiated: the table of
 * RFC 8538 section 5, one test per class of Cease subcode, and the NOTIFICATIONs the FSM sends on
 * its own, which RFC 8538 leaves graceful.
 */
class HardResetSubcodeTest {

    private static Harness establishedWithN() {
        Harness h = new Harness(GracefulRestartTest.cfg(120, false));
        h.toOpenConfirm(GracefulRestartTest.peerOpen(true));
        h.on(new Event.KeepAliveMsg(OUT1));
        return h;
    }

    private static Notification sentOnStop(Notification why) {
        Harness h = establishedWithN();
        h.on(new Event.ManualStop(why));
        return (Notification) h.find(Action.Send.class).message();
    }

    /**
     * Maximum Number of Prefixes Reached (1), Administrative Shutdown (2), Peer De-configured (3):
     * "Hard Reset" in RFC 8538 section 5; Administrative Reset (4) is left to the operator there,
     * and herald treats it as hard like FRR's default ({@code bgp hard-administrative-reset}).
     */
    @ParameterizedTest(name = "Cease/{0}")
    @ValueSource(ints = {Notification.CEASE_MAX_PREFIXES, Notification.CEASE_ADMIN_SHUTDOWN,
            Notification.CEASE_PEER_DECONFIGURED, Notification.CEASE_ADMIN_RESET})
    void hardCeaseSubcodesTravelAsHardReset(int subcode) {
        Notification why = new Notification(Notification.CEASE, subcode, new byte[] {1, 'x'});
        Notification sent = sentOnStop(why);
        assertEquals(new Notification(Notification.CEASE, Notification.CEASE_HARD_RESET, new byte[] {6, (byte) subcode,
                1, 'x'}), sent);
        assertEquals(why, HardReset.unwrap(sent).orElseThrow());
    }

    /**
     * Connection Rejected (5), Other Configuration Change (6), Connection Collision Resolution (7),
     * Out of Resources (8), BFD Down (10): "Graceful Restart" in RFC 8538 section 5, sent as they are
     * so that the peer keeps herald's routes as stale until the next session's End-of-RIB.
     */
    @ParameterizedTest(name = "Cease/{0}")
    @ValueSource(ints = {Notification.CEASE_CONNECTION_REJECTED, Notification.CEASE_OTHER_CONFIG_CHANGE,
            Notification.CEASE_CONNECTION_COLLISION, Notification.CEASE_OUT_OF_RESOURCES, 10})
    void gracefulCeaseSubcodesAreSentAsTheyAre(int subcode) {
        Notification why = new Notification(Notification.CEASE, subcode);
        assertEquals(why, sentOnStop(why));
    }

    /** A NOTIFICATION that is not a Cease is never one RFC 8538 section 5 lists as hard. */
    @Test
    void aStopWithAnotherCodeIsSentAsItIs() {
        Notification why = new Notification(Notification.FSM_ERROR, 3);
        assertEquals(why, sentOnStop(why));
    }

    /** RFC 8538 section 4: a hold timer expiry keeps graceful restart; the FSM sends 4/0 as it is. */
    @Test
    void holdTimerExpiryIsNotAHardReset() {
        Harness h = establishedWithN();
        TimerId hold = TimerId.of(Timer.HOLD, OUT1);
        h.on(new Event.TimerExpired(hold));
        assertEquals(new Notification(Notification.HOLD_TIMER_EXPIRED, 0),
                h.find(Action.Send.class).message(), h.actions::toString);
    }

    /** An error found in a received message is not a Hard Reset either (RFC 8538 section 4). */
    @Test
    void aDecodeErrorIsNotAHardReset() {
        Harness h = establishedWithN();
        Notification malformed = new Notification(Notification.UPDATE_MESSAGE_ERROR, 1);
        h.on(new Event.DecodeError(OUT1, malformed, "malformed attribute list"));
        assertEquals(malformed, h.find(Action.Send.class).message(), h.actions::toString);
    }
}
