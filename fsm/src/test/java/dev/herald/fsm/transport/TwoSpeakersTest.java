package dev.herald.fsm.transport;

import static dev.herald.fsm.transport.TransportFixtures.LO;
import static dev.herald.fsm.transport.TransportFixtures.activeToB;
import static dev.herald.fsm.transport.TransportFixtures.await;
import static dev.herald.fsm.transport.TransportFixtures.config;
import static dev.herald.fsm.transport.TransportFixtures.passiveToA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import dev.herald.codec.Notification;
import dev.herald.codec.Update;
import dev.herald.fsm.State;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two herald transports on loopback talking to each other. */
class TwoSpeakersTest {

    @Test
    void establishKeepAliveAndStopWithCease() throws Exception {
        try (BgpTransport a = new BgpTransport(TestLoops.SHARED); BgpTransport b = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
            assertEquals(bAddr, b.listenAddresses().getFirst());
            assertTrue(bAddr.getPort() > 0);
            RecordingListener la = new RecordingListener();
            RecordingListener lb = new RecordingListener();
            PeerSession pb = b.addPeer(config("to-a", LO, 179, 4_200_000_001L, 65001, "10.0.0.2", true, 3), lb);
            PeerSession pa = a.addPeer(config("to-b", LO, bAddr.getPort(), 65001, 4_200_000_001L, "10.0.0.1", false, 3), la);

            EstablishedSession sa = la.awaitEstablished();
            EstablishedSession sb = lb.awaitEstablished();
            assertEquals(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), sa.families());
            assertTrue(sa.codecContext().fourOctetAs());
            assertTrue(sa.extendedNextHop(Family.IPV4_UNICAST));
            assertEquals(4_200_000_001L, sa.peerOpen().asn());
            assertEquals(65001, sb.peerOpen().asn());
            assertEquals(sa.localAddress(), sb.remoteAddress());
            assertEquals(bAddr, sa.remoteAddress());
            assertEquals(3, sa.holdTime());
            assertEquals("to-b", sa.peerName());

            // Hold time 3 s: staying up past it means KEEPALIVEs flow both ways.
            sa.send(Update.endOfRib(Family.IPV4_UNICAST));
            sa.flush();
            Thread.sleep(4500);
            assertTrue(la.downs.isEmpty(), () -> "a: " + la.downs);
            assertTrue(lb.downs.isEmpty(), () -> "b: " + lb.downs);
            assertEquals(State.ESTABLISHED, pa.state());
            assertEquals(State.ESTABLISHED, pb.state());

            pa.stop(Notification.ceaseWithMessage(Notification.CEASE_ADMIN_SHUTDOWN, "maintenance"));
            // Both sides are herald and set the N bit (RFC 8538), so the Cease goes inside a Hard Reset.
            assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"maintenance\")", lb.awaitDown());
            assertEquals("stopped, sent NOTIFICATION 6/9 (hard reset: 6/2 \"maintenance\")", la.awaitDown());
            assertEquals(State.IDLE, await(pa::state, s -> s == State.IDLE));
            assertTrue(sa.families().contains(Family.IPV4_UNICAST), "still readable after down");
            sa.send(Update.endOfRib(Family.IPV4_UNICAST)); // dropped, no exception
        }
    }

    @Test
    void bothSidesActiveEndUpOnOneConnection() throws Exception {
        try (BgpTransport a = new BgpTransport(TestLoops.SHARED); BgpTransport b = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress aAddr = a.listen(new InetSocketAddress(LO, 0));
            InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
            RecordingListener la = new RecordingListener();
            RecordingListener lb = new RecordingListener();
            PeerSession pb = b.addPeer(config("to-a", LO, aAddr.getPort(), 65002, 65001, "10.0.0.2", false, 30), lb);
            PeerSession pa = a.addPeer(activeToB(bAddr.getPort()), la);
            // Usually collision detection settles it at once. But a side may reach Established on
            // one connection just before the OPEN on the other arrives (6.8 then closes the new
            // one): both ends see Cease/7 and retry. Either way they must end on one connection.
            EstablishedSession sa = la.awaitEstablished();
            EstablishedSession sb = lb.awaitEstablished();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!(sameConnection(sa, sb) && pa.state() == State.ESTABLISHED && pb.state() == State.ESTABLISHED)) {
                assertTrue(System.nanoTime() < deadline, () -> "no common connection; downs a=" + la.downs + " b=" + lb.downs);
                Thread.sleep(50);
                sa = latest(la, sa);
                sb = latest(lb, sb);
            }
            assertEquals(sa.remoteAddress(), sb.localAddress());
        }
    }

    @Test
    void closeEndsSessionsWithoutNotificationSoPeersKeepRoutesAsStale() throws Exception {
        try (BgpTransport b = new BgpTransport(TestLoops.SHARED)) {
            RecordingListener lb = new RecordingListener();
            BgpTransport a = establishedActiveSideOf(b, lb);
            a.close();
            assertEquals("connection closed by peer", lb.awaitDown());
        }
    }

    @Test
    void shutdownSendsCeaseAsHardResetWhenBothSetTheNBit() throws Exception {
        try (BgpTransport b = new BgpTransport(TestLoops.SHARED)) {
            RecordingListener lb = new RecordingListener();
            BgpTransport a = establishedActiveSideOf(b, lb);
            a.shutdown(dev.herald.codec.Notification.ceaseWithMessage(2, "herald shutting down"));
            // Both ends are herald, both set N (RFC 8538): the Cease travels inside a Hard Reset.
            assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"herald shutting down\")", lb.awaitDown());
        }
    }

    /**
     * Makes {@code b} the passive side of an eBGP session and returns the active side {@code a},
     * both Established; the caller ends {@code a} in the way under test.
     */
    private static BgpTransport establishedActiveSideOf(BgpTransport b, RecordingListener lb) throws Exception {
        InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
        b.addPeer(passiveToA(), lb);
        RecordingListener la = new RecordingListener();
        BgpTransport a = new BgpTransport(TestLoops.SHARED);
        a.addPeer(activeToB(bAddr.getPort()), la);
        la.awaitEstablished();
        lb.awaitEstablished();
        return a;
    }

    private static boolean sameConnection(EstablishedSession a, EstablishedSession b) {
        return a.localAddress().equals(b.remoteAddress());
    }

    private static EstablishedSession latest(RecordingListener l, EstablishedSession current) {
        EstablishedSession s = current;
        for (EstablishedSession next; (next = l.established.poll()) != null; ) {
            s = next;
        }
        return s;
    }
}
