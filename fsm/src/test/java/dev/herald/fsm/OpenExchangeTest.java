package dev.herald.fsm;

import static dev.herald.fsm.Harness.HOLD1;
import static dev.herald.fsm.Harness.KEEPALIVE1;
import static dev.herald.fsm.Harness.IDLE_HOLD;
import static dev.herald.fsm.Harness.OUT1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Keepalive;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenExchangeTest {
    /** 4-octet AS, 4096-byte messages, an external peer (65001 and 65002). */
    /** herald offers extended messages by default, the peer does not: sends 4096, takes 65535 (RFC 8654 4). */
    private static final CodecContext EBGP = new CodecContext(true, CodecContext.MAX_MESSAGE, true,
            CodecContext.MAX_EXTENDED_MESSAGE);


    @Test
    void validOpenSendsKeepaliveAndNegotiatesTimers() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen()));
        h.expect(new Action.UseCodecContext(OUT1, EBGP),
                new Action.Send(OUT1, Keepalive.INSTANCE),
                new Action.StartTimer(HOLD1, Duration.ofSeconds(90)),
                new Action.StartTimer(KEEPALIVE1, Duration.ofSeconds(30)));
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    @Test
    void keepaliveInOpenConfirmEstablishes() {
        Harness h = new Harness().toOpenConfirm(Fixtures.peerOpen());
        h.on(new Event.KeepAliveMsg(OUT1));
        Negotiated n = h.fsm.negotiated().orElseThrow();
        h.expect(new Action.StartTimer(HOLD1, Duration.ofSeconds(90)), new Action.ReportEstablished(OUT1, n));
        assertEquals(State.ESTABLISHED, h.fsm.state());
        assertEquals(Fixtures.peerOpen(), n.peerOpen());
        assertEquals(h.fsm.localOpen(), n.localOpen());
    }

    @Test
    void peerHoldTimeLowerThanOursWins() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen(Fixtures.REMOTE_AS, 9, "10.0.0.2")));
        assertTrue(h.has(new Action.StartTimer(HOLD1, Duration.ofSeconds(9))));
        assertTrue(h.has(new Action.StartTimer(KEEPALIVE1, Duration.ofSeconds(3))));
    }

    @Test
    void holdTimeZeroMeansNoKeepalivesAndNoHoldTimerOnceEstablished() {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen(Fixtures.REMOTE_AS, 0, "10.0.0.2")));
        // OpenConfirm is still bounded by the open hold time: the peer's KEEPALIVE must come.
        h.expect(new Action.UseCodecContext(OUT1, EBGP), new Action.Send(OUT1, Keepalive.INSTANCE),
                new Action.StartTimer(HOLD1, SessionConfig.DEFAULT_OPEN_HOLD_TIME));
        h.on(new Event.KeepAliveMsg(OUT1));
        assertEquals(State.ESTABLISHED, h.fsm.state());
        assertEquals(List.of(new Action.StopTimer(HOLD1)), h.actions.subList(0, 1), h.actions::toString);
        assertEquals(2, h.actions.size(), "StopTimer and ReportEstablished only: " + h.actions);
        assertEquals(0, h.fsm.negotiated().orElseThrow().holdTime());
    }

    @Test
    void peerWithHoldTimeZeroThatNeverSendsKeepaliveIsDroppedAfterTheOpenHoldTime() {
        Harness h = new Harness(Fixtures.config().withOpenHoldTime(Duration.ofSeconds(5))).toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen(Fixtures.REMOTE_AS, 0, "10.0.0.2")));
        assertTrue(h.has(new Action.StartTimer(HOLD1, Duration.ofSeconds(5))), h.actions::toString);
        h.on(new Event.TimerExpired(HOLD1));
        assertTrue(h.has(new Action.Send(OUT1, new Notification(4, 0))), h.actions::toString);
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void openHoldTimeIsConfigurable() {
        Harness h = new Harness(Fixtures.config().withOpenHoldTime(Duration.ofSeconds(7)));
        h.on(new Event.ManualStart());
        h.on(new Event.TcpCrAcked(OUT1));
        assertTrue(h.has(new Action.StartTimer(HOLD1, Duration.ofSeconds(7))), h.actions::toString);
    }

    @Test
    void wrongPeerAsIsRefusedWith2Slash2() {
        assertRefused(Fixtures.peerOpen(65099, 90, "10.0.0.2"), new Notification(2, 2),
                "peer AS 65099, expected 65002, sent NOTIFICATION 2/2 (OPEN message error: bad peer AS)");
    }

    @Test
    void fourOctetPeerWithoutCapabilityIsRefused() {
        SessionConfig cfg = Fixtures.config("10.0.0.1", 65001, 4_200_000_000L, false);
        Harness h = new Harness(cfg).toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpenWith(4_200_000_000L, 90, "10.0.0.2", List.of())));
        assertTrue(h.has(new Action.Send(OUT1, new Notification(2, 2))), () -> h.actions.toString());
    }

    @Test
    void fourOctetPeerWithCapabilityIsAccepted() {
        SessionConfig cfg = Fixtures.config("10.0.0.1", 65001, 4_200_000_000L, false);
        Harness h = new Harness(cfg).toOpenConfirm(Fixtures.peerOpen(4_200_000_000L, 90, "10.0.0.2"));
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    /** RFC 6793 4.1: a My AS other than AS_TRANS must equal the 4-octet AS capability; FRR sends it as data. */
    @Test
    void myAsDifferentFromTheFourOctetCapabilityIsRefusedWith2Slash2() {
        Open open = new Open(4, 65003, 90, Identifiers.toInt(Fixtures.ip("10.0.0.2")),
                List.of(new Capability.FourOctetAs(Fixtures.REMOTE_AS)));
        assertRefused(open, new Notification(2, 2, new byte[] {0, 0, (byte) 0xfd, (byte) 0xea}),
                "My AS 65003 differs from the 4-octet AS capability's 65002, sent NOTIFICATION 2/2"
                        + " (OPEN message error: bad peer AS)");
    }

    /** Odd but accepted, as FRR does: My AS is AS_TRANS while the real AS would fit two octets. */
    @Test
    void asTransWithATwoOctetAsInTheCapabilityIsAccepted() {
        Open open = new Open(4, Open.AS_TRANS, 90, Identifiers.toInt(Fixtures.ip("10.0.0.2")),
                List.of(new Capability.FourOctetAs(Fixtures.REMOTE_AS)));
        Harness h = new Harness().toOpenConfirm(open);
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    /** AS_TRANS is no speaker's real AS (RFC 6793 9); FRR refuses it in the capability with 2/2. */
    @Test
    void asTransInTheFourOctetCapabilityIsRefusedWith2Slash2() {
        SessionConfig cfg = Fixtures.config("10.0.0.1", 65001, Open.AS_TRANS, false);
        Harness h = new Harness(cfg).toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen(Open.AS_TRANS, 90, "10.0.0.2")));
        assertTrue(h.has(new Action.Send(OUT1, new Notification(2, 2, new byte[] {0, 0, 0x5b, (byte) 0xa0}))),
                () -> h.actions.toString());
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void zeroIdentifierIsRefusedWith2Slash3() {
        assertRefused(Fixtures.peerOpen(Fixtures.REMOTE_AS, 90, "0.0.0.0"), new Notification(2, 3),
                "BGP identifier 0.0.0.0, sent NOTIFICATION 2/3 (OPEN message error: bad BGP identifier)");
    }

    @Test
    void internalPeerWithOurIdentifierIsRefused() {
        SessionConfig ibgp = Fixtures.config("10.0.0.1", 65001, 65001, false);
        Harness h = new Harness(ibgp).toOpenSent();
        h.on(new Event.BgpOpen(OUT1, Fixtures.peerOpen(65001, 90, "10.0.0.1")));
        assertTrue(h.has(new Action.Send(OUT1, new Notification(2, 3))));
        assertEquals(State.IDLE, h.fsm.state());
    }

    @Test
    void externalPeerMayShareOurIdentifier() {
        // RFC 6286 2.2: only internal peers must differ.
        Harness h = new Harness().toOpenConfirm(Fixtures.peerOpen(Fixtures.REMOTE_AS, 90, "10.0.0.1"));
        assertEquals(State.OPEN_CONFIRM, h.fsm.state());
    }

    @Test
    void holdTimeOneOrTwoIsRefusedWith2Slash6() {
        for (int hold : new int[] {1, 2}) {
            assertRefused(Fixtures.peerOpen(Fixtures.REMOTE_AS, hold, "10.0.0.2"), new Notification(2, 6),
                    "hold time " + hold + ", sent NOTIFICATION 2/6 (OPEN message error: unacceptable hold time)");
        }
    }

    @Test
    void otherVersionIsRefusedWithOurVersion() {
        Open v3 = new Open(3, 65002, 90, Identifiers.toInt(Fixtures.ip("10.0.0.2")), List.of());
        assertRefused(v3, new Notification(2, 1, new byte[] {0, 4}),
                "unsupported version 3, sent NOTIFICATION 2/1 (OPEN message error: unsupported version number)");
    }

    private static void assertRefused(Open open, Notification expected, String reason) {
        Harness h = new Harness().toOpenSent();
        h.on(new Event.BgpOpen(OUT1, open));
        h.expect(new Action.Send(OUT1, expected), new Action.CloseConnection(OUT1), new Action.StopTimer(HOLD1),
                new Action.ReportDown(reason, false), new Action.StartTimer(IDLE_HOLD, Duration.ofSeconds(10)));
        assertEquals(State.IDLE, h.fsm.state());
        assertEquals(reason, h.fsm.lastError());
        assertFalse(h.fsm.negotiated().isPresent());
    }
}
