package dev.herald.bfd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bfd.ControlPacket;
import dev.herald.bfd.ControlPacketCodec;
import dev.herald.bfd.DropReason;
import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "floods of valid packets are dropped and counted": while a session is Up at 100 ms x 3
 * between two {@link BfdTransport}s in two namespaces, one thread in A's namespace sends B
 * well-formed Control packets that B must not accept, as fast as it can, for a few seconds per
 * kind: an unknown Your Discriminator, Your Discriminator 0 from an address with no session, and
 * TTL 254 from the peer's own address. The session must not change state on either side (a flood
 * that kept the BFD thread from the peer's packets for 300 ms would take it Down), each kind
 * must be counted under its own reason and no other, and B's own packets must go on reaching A.
 * What the kernel drops before B reads it (its receive buffer full) is not counted by B: the
 * share counted is printed and must be at least {@link #LEAST_SHARE_COUNTED}. Root only (see
 * {@link VethPair#requireLab}); about 3 x {@link #FLOOD_MILLIS} ms plus 1-2 s to come Up.
 */
class BfdFloodNetnsTest {
    private static final Parameters FAST = new Parameters(100_000, 100_000, 3);
    /** Per kind: more than six detection times of 300 ms. */
    private static final long FLOOD_MILLIS = 2_000;
    /**
     * The least share of the flood B must count. One sender thread outpaces B's one reading thread
     * (measured: 28-51% read on the shared 2-CPU machine, printed); what overflows the socket's
     * queue meanwhile is the kernel's drop (B never sees it), and what B reads must all be counted
     * (checked exactly). A tenth only tells that B kept reading through the flood.
     */
    private static final double LEAST_SHARE_COUNTED = 0.1;
    /** A's packets that may sit in B's queue when a window opens (A sends one each 100 ms). */
    private static final int IN_FLIGHT_FROM_A = 2;
    /** An address in A's namespace that is no peer of B's. */
    private static final InetAddress STRANGER = address("10.99.0.3");

    private NetnsTransports pair;
    private VethPair veth;
    private BfdTransport a;
    private BfdTransport b;
    private final ConcurrentLinkedQueue<String> stateChanges = new ConcurrentLinkedQueue<>();
    private final BfdTransport.Listener record = (s, c) -> stateChanges.add(s.spec().local() + ": " + c);

    @BeforeEach
    void setUp() throws Exception {
        pair = NetnsTransports.start();
        veth = pair.veth;
        a = pair.a;
        b = pair.b;
    }

    @AfterEach
    void tearDown() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void floodsOfPacketsNoSessionTakesAreDroppedAndCountedWhileTheSessionStaysUp() throws Exception {
        BfdTransport.Handle atA = a.add(SessionSpec.singleHop(VethPair.A4, VethPair.B4, 0, FAST), record);
        BfdTransport.Handle atB = b.add(SessionSpec.singleHop(VethPair.B4, VethPair.A4, 0, FAST), record);
        NetnsTransports.await("both Up", () -> atA.state() == State.UP && atB.state() == State.UP);
        stateChanges.clear();
        run("ip", "-n", veth.a, "addr", "add", STRANGER.getHostAddress() + "/32", "dev", "lo");

        // Up, with a discriminator B never gave out (B has one session, so its complement is not B's).
        int unknown = ~atB.discriminator();
        flood("unknown Your Discriminator", VethPair.A4, 255, up(unknown), TransportDrop.UNKNOWN_DISCRIMINATOR);
        flood("Your Discriminator 0 from " + STRANGER.getHostAddress(), STRANGER, 255, down(), TransportDrop.NO_SESSION_FOR_ADDRESS);
        // From the peer's own address and for its session, but from off the link (RFC 5881 5).
        flood("TTL 254 from the peer", VethPair.A4, 254, up(atB.discriminator()), TransportDrop.TTL);

        assertEquals(List.of(), List.copyOf(stateChanges), "a state change during the floods");
        assertEquals(1, atA.upTransitions());
        assertEquals(1, atB.upTransitions());
        TransportStatus st = b.status();
        assertTrue(st.decodeDrops().values().stream().allMatch(n -> n == 0), "the codec dropped a valid packet: " + st);
        assertEquals(0, st.sendErrors(), st.toString());
        assertEquals(0, a.status().transportDrops().values().stream().mapToLong(Long::longValue).sum(),
                "A dropped one of B's packets: " + a.status());
    }

    /**
     * Sends {@code packet} from {@code source} in A's namespace to B's single-hop port for
     * {@link #FLOOD_MILLIS}, then checks the count under {@code reason} and that no other reason
     * moved, and that the session is Up and still hearing from the peer.
     */
    private void flood(String kind, InetAddress source, int ttl, byte[] packet, TransportDrop reason) throws Exception {
        // A's count first: a packet A sends between the two readings is then in fromA below, whether B
        // reads it before or after its own reading.
        long sentByABefore = a.status().sent();
        TransportStatus before = b.status();
        long sentByBBefore = before.sent();
        long[] sent = new long[1];
        VethPair.inNamespace(veth.a, () -> sent[0] = sendFor(source, VethPair.B4, ttl, packet));
        // What B still has queued is read within moments: wait until the counter stops moving.
        ToLongFunction<TransportStatus> counted = s -> s.transportDrops().get(reason) - before.transportDrops().get(reason);
        long last = -1;
        for (long now = counted.applyAsLong(b.status()); now != last; now = counted.applyAsLong(b.status())) {
            last = now;
            Thread.sleep(200);
        }
        TransportStatus after = b.status();
        long received = after.received() - before.received();
        System.out.printf("[bfd-flood] %s: %d sent in %d ms, %d counted as %s (%.1f%%), %d datagrams received in all;"
                + " B sent %d packets meanwhile%n", kind, sent[0], FLOOD_MILLIS, last, reason, 100.0 * last / sent[0], received,
                after.sent() - sentByBBefore);
        assertEquals(List.of(), List.copyOf(stateChanges), kind + ": a state change");
        assertTrue(last <= sent[0], "more counted than sent");
        assertTrue(last >= LEAST_SHARE_COUNTED * sent[0], kind + ": " + last + " of " + sent[0] + " counted");
        // Every datagram B read was counted, but for A's own packets: those A sent in the window, and
        // the ones still in B's queue when the window opened (A sends one each 100 ms and B reads its
        // queue within milliseconds of poll(2) saying so: IN_FLIGHT_FROM_A allows for that; a fresh-clone
        // CI run read one more than A sent in the window). A flood left uncounted is thousands.
        long fromA = a.status().sent() - sentByABefore;
        assertTrue(received - last <= fromA + IN_FLIGHT_FROM_A,
                kind + ": " + received + " read, " + last + " counted, " + fromA + " from A");
        for (TransportDrop other : TransportDrop.values()) {
            if (other != reason) {
                assertEquals(before.transportDrops().get(other), after.transportDrops().get(other), kind + " counted as " + other);
            }
        }
        for (DropReason r : DropReason.values()) {
            assertEquals(before.decodeDrops().get(r), after.decodeDrops().get(r), kind + " counted as " + r);
        }
        // B kept sending to A at its interval: about 10 a second (at least 1 in each detection time).
        assertTrue(after.sent() - sentByBBefore >= FLOOD_MILLIS / 300, "B's packets to A: " + (after.sent() - sentByBBefore));
    }

    /** One thread, one socket: {@code packet} to {@code to}'s single-hop port as fast as sendto goes; the count sent. */
    private static long sendFor(InetAddress from, InetAddress to, int ttl, byte[] packet) throws IOException {
        try (OwnedFd fd = OwnedFd.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0, "flood"); Arena arena = Arena.ofConfined()) {
            Libc.setsockopt(fd.fd(), UdpSocket.IPPROTO_IP, UdpSocket.IP_TTL, ttl, "flood");
            Libc.bind(fd.fd(), SockAddr.inet(arena, from.getAddress(), 0), "flood");
            Libc.connect(fd.fd(), SockAddr.inet(arena, to.getAddress(), BfdTransport.SINGLE_HOP_PORT), "flood");
            MemorySegment message = arena.allocateFrom(ValueLayout.JAVA_BYTE, packet);
            long end = System.nanoTime() + FLOOD_MILLIS * 1_000_000;
            long n = 0;
            do {
                for (int i = 0; i < 256; i++) {
                    Libc.sendto(fd.fd(), message, 0, MemorySegment.NULL, "flood");
                }
                n += 256;
            } while (System.nanoTime() < end);
            return n;
        }
    }

    /** A well-formed Up packet at 100 ms x 3 for {@code yourDiscriminator}. */
    private static byte[] up(int yourDiscriminator) {
        return ControlPacketCodec.encode(new ControlPacket(0, State.UP, false, false, false, false, 3, 0x5eed,
                yourDiscriminator, 100_000, 100_000, 0));
    }

    /** A well-formed Down packet with Your Discriminator 0: a session's first packet (RFC 5880 6.8.6). */
    private static byte[] down() {
        return ControlPacketCodec.encode(new ControlPacket(0, State.DOWN, false, false, false, false, 3, 0x5eed, 0,
                1_000_000, 1_000_000, 0));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
