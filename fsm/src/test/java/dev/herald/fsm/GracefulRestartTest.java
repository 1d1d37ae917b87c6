package dev.herald.fsm;

import static dev.herald.fsm.Harness.OUT1;
import static dev.herald.fsm.Harness.OUT2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The restarting speaker's side of RFC 4724 / RFC 8538, as pure FSM behaviour. */
class GracefulRestartTest {
    private static final Notification MAINTENANCE = Notification.ceaseWithMessage(2, "maintenance");
    static SessionConfig cfg(int restartTime, boolean restarted) {
        return SessionConfig.builder().peerName("peer1").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("10.0.0.1")).holdTime(90)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)).connectRetryTime(Duration.ofSeconds(10))
                .connectRetryMaxTime(Duration.ofSeconds(60)).gracefulRestartTime(restartTime).restarted(restarted).build();
    }

    static Capability.GracefulRestart gr(Open o) {
        return o.capability(Capability.GracefulRestart.class).orElseThrow();
    }

    /** A peer OPEN with graceful restart, N as given. */
    static Open peerOpen(boolean n) {
        List<Capability> caps = new ArrayList<>(Fixtures.peerOpen().capabilities());
        caps.add(new Capability.GracefulRestart(false, n, 120, List.of()));
        return Fixtures.peerOpenWith(65002, 180, "10.0.0.2", caps);
    }

    @Test
    void capabilityHasRestartTimeNBitAndFPerFamily() {
        Capability.GracefulRestart g = gr(LocalOpen.build(cfg(30, false)));
        assertEquals(30, g.restartTime());
        assertFalse(g.restarting());
        assertTrue(g.notification());
        assertEquals(List.of(new Capability.GracefulRestart.GrFamily(1, 1, true),
                new Capability.GracefulRestart.GrFamily(2, 1, true)), g.families());
    }

    @Test
    void noCapabilityWhenDisabled() {
        assertEquals(Optional.empty(), LocalOpen.build(cfg(-1, false)).capability(Capability.GracefulRestart.class));
    }

    @Test
    void rBitOnlyUntilTheFirstSessionAfterTheRestartIsEstablished() {
        Harness h = new Harness(cfg(120, true));
        h.on(new Event.ManualStart());
        h.on(new Event.TcpCrAcked(OUT1));
        assertTrue(gr((Open) h.find(Action.Send.class).message()).restarting());
        h.on(new Event.BgpOpen(OUT1, peerOpen(true)));
        h.on(new Event.KeepAliveMsg(OUT1));
        assertEquals(State.ESTABLISHED, h.fsm.state());
        h.on(new Event.TcpConnectionFails(OUT1, "connection reset by peer"));
        h.on(new Event.TimerExpired(TimerId.session(Timer.IDLE_HOLD)));
        h.on(new Event.TcpCrAcked(OUT2));
        assertFalse(gr((Open) h.find(Action.Send.class).message()).restarting());
    }

    @Test
    void stopWithoutNotificationJustClosesSoTheHelperKeepsRoutes() {
        Harness h = new Harness(cfg(120, false));
        h.toOpenConfirm(peerOpen(true));
        h.on(new Event.KeepAliveMsg(OUT1));
        h.on(new Event.ManualStop(null));
        assertTrue(h.actions.stream().noneMatch(a -> a instanceof Action.Send), () -> "actions " + h.actions);
        assertTrue(h.has(new Action.CloseConnection(OUT1)));
        assertTrue(h.fsm.lastError().contains("without NOTIFICATION"));
    }

    @Test
    void administrativeShutdownTravelsAsHardResetWhenNWasNegotiated() {
        Notification sent = sentOnManualStop(peerOpen(true), MAINTENANCE);
        assertEquals(6, sent.code());
        assertEquals(9, sent.subcode());
        Notification inner = HardReset.unwrap(sent).orElseThrow();
        assertEquals(Optional.of("maintenance"), inner.shutdownMessage());
        assertEquals("6/9 (hard reset: 6/2 \"maintenance\")", NotificationText.describe(sent));
    }

    @Test
    void administrativeShutdownIsPlainCeaseWithoutN() {
        Notification sent = sentOnManualStop(peerOpen(false), MAINTENANCE);
        assertEquals(2, sent.subcode());
        assertEquals(MAINTENANCE.data(), sent.data());
    }

    @Test
    void aHardResetIsNeverWrappedTwice() {
        Notification hr = HardReset.wrap(new Notification(6, 3));
        assertEquals(hr.data(), sentOnManualStop(peerOpen(true), hr).data());
    }

    @Test
    void receivedHardResetIsDescribedWithWhatItCarries() {
        Harness h = new Harness(cfg(120, false));
        h.toOpenConfirm(peerOpen(true));
        h.on(new Event.KeepAliveMsg(OUT1));
        h.on(new Event.NotifMsg(OUT1, HardReset.wrap(new Notification(4, 0))));
        assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 4/0 (hold timer expired))", h.fsm.lastError());
    }

    @Test
    void ttlPolicy() {
        assertArrayEquals(new int[] {255, 255}, SessionConfig.ttlPolicy(false, 0, 1));
        assertArrayEquals(new int[] {255, 254}, SessionConfig.ttlPolicy(false, 5, 2));
        assertArrayEquals(new int[] {3, 0}, SessionConfig.ttlPolicy(false, 3, 0));
        assertArrayEquals(new int[] {1, 0}, SessionConfig.ttlPolicy(false, 0, 0));
        assertArrayEquals(new int[] {0, 0}, SessionConfig.ttlPolicy(true, 0, 0));
    }

    @Test
    void keyIsNeverInToString() {
        SessionConfig c = cfg(120, false);
        SessionConfig k = c.toBuilder().tcpMd5Key("hunter2".getBytes()).build();
        assertFalse(k.toString().contains("hunter2"));
        assertTrue(k.toString().contains("tcp-md5"));
    }

    /** Established with a peer that sent {@code peerOpen}, then stopped with {@code stop}: what went out. */
    private static Notification sentOnManualStop(Open peerOpen, Notification stop) {
        Harness h = new Harness(cfg(120, false));
        h.toOpenConfirm(peerOpen);
        h.on(new Event.KeepAliveMsg(OUT1));
        h.on(new Event.ManualStop(stop));
        return (Notification) h.find(Action.Send.class).message();
    }
}
