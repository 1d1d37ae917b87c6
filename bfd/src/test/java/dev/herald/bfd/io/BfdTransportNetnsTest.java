package dev.herald.bfd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bfd.ControlPacket;
import dev.herald.bfd.ControlPacketCodec;
import dev.herald.bfd.Diagnostic;
import dev.herald.bfd.DropReason;
import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.StateChange;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link BfdTransport}s in two network namespaces joined by a veth pair, over real sockets
 * and the real clock: sessions come Up both ways, a packet with TTL 254 is dropped and counted,
 * and a side that goes silent takes the other Down within the detection time. Root only (see
 * {@link VethPair#requireLab}).
 */
class BfdTransportNetnsTest {
    /** 100 ms x 3, the figure: a detection time of 300 ms. */
    private static final Parameters FAST = new Parameters(100_000, 100_000, 3);

    private record Event(long at, BfdTransport.Handle session, StateChange change) {}

    private NetnsTransports pair;
    private VethPair veth;
    private BfdTransport a;
    private BfdTransport b;
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final BfdTransport.Listener record = (s, c) -> events.add(new Event(System.nanoTime(), s, c));

    @BeforeEach
    void setUp() throws Exception {
        pair = NetnsTransports.start();
        veth = pair.veth;
        a = pair.a;
        b = pair.b;
    }

    @AfterEach
    void tearDown() {
        // closes A again where a test closed it already: harmless
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void sessionsComeUpBothWaysOverIpv4Ipv6LinkLocalAndMultihop() throws Exception {
        long t0 = System.nanoTime();
        List<BfdTransport.Handle> sessions = List.of(
                a.add(SessionSpec.singleHop(VethPair.A4, VethPair.B4, 0, FAST), record),
                b.add(SessionSpec.singleHop(VethPair.B4, VethPair.A4, 0, FAST), record),
                a.add(SessionSpec.singleHop(VethPair.A6, VethPair.B6, 0, FAST), record),
                b.add(SessionSpec.singleHop(VethPair.B6, VethPair.A6, 0, FAST), record),
                a.add(SessionSpec.singleHop(VethPair.A_LL, VethPair.B_LL, veth.ifindexA, FAST), record),
                b.add(SessionSpec.singleHop(VethPair.B_LL, VethPair.A_LL, veth.ifindexB, FAST), record),
                // multihop beside single hop between the same addresses: port 4784, its own session
                a.add(SessionSpec.multihop(VethPair.A4, VethPair.B4, 254, FAST), record),
                b.add(SessionSpec.multihop(VethPair.B4, VethPair.A4, 254, FAST), record));
        await("all eight sessions Up", () -> sessions.stream().allMatch(s -> s.state() == State.UP));
        System.out.printf("[bfd-netns] 8 sessions Up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (BfdTransport t : List.of(a, b)) {
            TransportStatus st = t.status();
            assertEquals(4, st.sessions());
            assertTrue(st.received() > 0 && st.sent() > 0, st.toString());
            assertEquals(0L, st.transportDrops().get(TransportDrop.TTL), "a packet of the peer was TTL-dropped: " + st);
            assertEquals(0L, st.transportDrops().get(TransportDrop.UNKNOWN_DISCRIMINATOR), st.toString());
        }
    }

    @Test
    void aPacketWithTtl254IsDroppedAndCounted() throws Exception {
        // A valid Down packet with Your Discriminator 0 from an address with no session: with
        // TTL 255 it passes the TTL check and is dropped for want of a session, with 254 it is not.
        byte[] packet = ControlPacketCodec.encode(new ControlPacket(0, State.DOWN, false, false, false, false, 3,
                0x1234, 0, 1_000_000, 1_000_000, 0));
        sendFromA(VethPair.B4, BfdTransport.SINGLE_HOP_PORT, packet, 254);
        await("the TTL 254 packet counted", () -> b.status().transportDrops().get(TransportDrop.TTL) == 1);
        sendFromA(VethPair.B6, BfdTransport.SINGLE_HOP_PORT, packet, 254);
        await("the hop limit 254 packet counted", () -> b.status().transportDrops().get(TransportDrop.TTL) == 2);
        sendFromA(VethPair.B4, BfdTransport.SINGLE_HOP_PORT, packet, 255);
        await("the TTL 255 packet reached the session lookup",
                () -> b.status().transportDrops().get(TransportDrop.NO_SESSION_FOR_ADDRESS) == 1);
        TransportStatus st = b.status();
        assertEquals(3, st.received(), st.toString());
        assertEquals(2L, st.transportDrops().get(TransportDrop.TTL), st.toString());
        assertTrue(st.decodeDrops().values().stream().allMatch(n -> n == 0), st.toString());

        // A bad packet with TTL 255 reaches the codec and is counted by its reason.
        byte[] bad = packet.clone();
        bad[3] = 23;
        sendFromA(VethPair.B6, BfdTransport.SINGLE_HOP_PORT, bad, 255);
        await("the bad length counted", () -> b.status().decodeDrops().get(DropReason.BAD_LENGTH) == 1);

        // An Up packet for a discriminator B never gave out.
        byte[] unknown = ControlPacketCodec.encode(new ControlPacket(0, State.UP, false, false, false, false, 3,
                0x1234, 0xdead, 100_000, 100_000, 0));
        sendFromA(VethPair.B4, BfdTransport.SINGLE_HOP_PORT, unknown, 255);
        await("the unknown discriminator counted",
                () -> b.status().transportDrops().get(TransportDrop.UNKNOWN_DISCRIMINATOR) == 1);
    }

    @Test
    void multihopDropsPacketsBelowTheSessionsLeastTtl() throws Exception {
        BfdTransport.Handle atB = b.add(SessionSpec.multihop(VethPair.B4, VethPair.A4, 250, FAST), record);
        byte[] down = ControlPacketCodec.encode(new ControlPacket(0, State.DOWN, false, false, false, false, 3,
                0x1234, 0, 1_000_000, 1_000_000, 0));
        sendFromA(VethPair.B4, BfdTransport.MULTIHOP_PORT, down, 249);
        await("the TTL 249 packet counted", () -> b.status().transportDrops().get(TransportDrop.TTL) == 1);
        assertEquals(State.DOWN, atB.state());
        sendFromA(VethPair.B4, BfdTransport.MULTIHOP_PORT, down, 250);
        // Down from the peer takes a Down session to Init (RFC 5880 6.8.6).
        await("the TTL 250 packet reached the session", () -> atB.state() == State.INIT);
        assertEquals(1L, b.status().transportDrops().get(TransportDrop.TTL));
    }

    @Test
    void aSilentPeerIsDownWithinTheDetectionTimeAndOneInterval() throws Exception {
        BfdTransport.Handle atB = upBothWays(VethPair.A4, VethPair.B4)[1];
        // A's thread stops and closes its sockets without AdminDown: a frozen or dead host.
        long silentFrom = System.nanoTime();
        a.close();
        a = null;
        Event down = awaitDown(atB);
        long millis = (down.at() - silentFrom) / 1_000_000;
        System.out.printf("[bfd-netns] B Down %d ms after A went silent (detection time 300 ms)%n", millis);
        assertEquals(new StateChange(State.UP, State.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED), down.change());
        // B last heard A at most one interval before the silence began, so its detection
        // deadline is at most 300 ms after it; the interval (100 ms) is the slack the issue allows.
        assertTrue(millis <= 300 + 100, "Down after " + millis + " ms, more than detection time + one interval");
    }

    @Test
    void adminDownTellsThePeerWhyAndAdminUpBringsTheSessionBack() throws Exception {
        // The peer learns it from an AdminDown packet (diagnostic 3 on its side), not from its
        // detection time running out (diagnostic 1). How soon is printed, not asserted: the
        // periodic packet may happen to carry it as early as the one sent at once.
        BfdTransport.Handle[] sessions = upBothWays(VethPair.A6, VethPair.B6);
        BfdTransport.Handle atA = sessions[0], atB = sessions[1];
        long t0 = System.nanoTime();
        a.adminDown(atA);
        Event down = awaitDown(atB);
        System.out.printf("[bfd-netns] B Down %d ms after A's AdminDown%n", (down.at() - t0) / 1_000_000);
        assertEquals(new StateChange(State.UP, State.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN), down.change());
        assertEquals(State.ADMIN_DOWN, atA.state());
        a.adminUp(atA);
        await("both Up again", () -> atA.state() == State.UP && atB.state() == State.UP);
        assertEquals(2, atB.upTransitions());
    }

    /** A single-hop session from {@code fromA} at A and its peer at B, both Up; events cleared. */
    private BfdTransport.Handle[] upBothWays(InetAddress fromA, InetAddress fromB) throws Exception {
        BfdTransport.Handle atA = a.add(SessionSpec.singleHop(fromA, fromB, 0, FAST), record);
        BfdTransport.Handle atB = b.add(SessionSpec.singleHop(fromB, fromA, 0, FAST), record);
        await("both Up", () -> atA.state() == State.UP && atB.state() == State.UP);
        events.clear();
        return new BfdTransport.Handle[] {atA, atB};
    }

    /** Waits for {@code session} to go Down; its first state change since the events were cleared. */
    private Event awaitDown(BfdTransport.Handle session) throws InterruptedException {
        await("Down", () -> session.state() == State.DOWN);
        return events.stream().filter(e -> e.session() == session).findFirst().orElseThrow();
    }

    /** Sends {@code payload} from namespace A to {@code to} and {@code port} with the given TTL / hop limit. */
    private void sendFromA(InetAddress to, int port, byte[] payload, int ttl) throws Exception {
        VethPair.inNamespace(veth.a, () -> {
            boolean v4 = to instanceof Inet4Address;
            try (OwnedFd fd = OwnedFd.socket(v4 ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_DGRAM, 0, "ttl probe");
                    Arena arena = Arena.ofConfined()) {
                if (v4) {
                    Libc.setsockopt(fd.fd(), UdpSocket.IPPROTO_IP, UdpSocket.IP_TTL, ttl, "ttl probe");
                } else {
                    Libc.setsockopt(fd.fd(), UdpSocket.IPPROTO_IPV6, UdpSocket.IPV6_UNICAST_HOPS, ttl, "ttl probe");
                }
                MemorySegment dst = v4 ? SockAddr.inet(arena, to.getAddress(), port)
                        : SockAddr.inet6(arena, to.getAddress(), port, 0);
                Libc.sendto(fd.fd(), arena.allocateFrom(ValueLayout.JAVA_BYTE, payload), 0, dst, "ttl probe");
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        NetnsTransports.await(what, condition);
    }
}
