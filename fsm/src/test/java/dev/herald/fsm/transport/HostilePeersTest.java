package dev.herald.fsm.transport;

import dev.herald.os.EventLoops;
import static dev.herald.fsm.transport.TransportFixtures.LO;
import static dev.herald.fsm.transport.TransportFixtures.addr;
import static dev.herald.fsm.transport.TransportFixtures.await;
import static dev.herald.fsm.transport.TransportFixtures.config;
import static dev.herald.fsm.transport.TransportFixtures.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Keepalive;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.RouteRefresh;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.State;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers against one herald transport on real loopback sockets, each beside a calm
 * Established session on the same event loop that must not notice: a stranger, a peer that never
 * sends its OPEN, one that trickles it a byte at a time, one that floods maximum-size UPDATEs.
 * Nothing here depends on speed: the bounds asserted are message counts and buffered bytes.
 */
class HostilePeersTest {
    /** The epoll channel's adaptive receive buffer reads at most 64 KiB at a time. */
    private static final int MAX_READ = 65536;
    private static final InetAddress CALM = addr("127.0.0.2");
    private static final InetAddress HOSTILE = addr("127.0.0.3");
    /** How many UPDATEs a flooding peer sends. */
    private static final int FLOOD = 3000;

    private io.netty.channel.EventLoopGroup loop;
    private BgpTransport transport;
    private InetSocketAddress herald;
    private RecordingListener calmEvents;
    private PeerSession calm;
    private RawPeer calmPeer;

    @BeforeEach
    void calmSession() throws Exception {
        loop = EventLoops.create("hostile-test", 1); // one event loop: the hostile peer shares the calm one's thread
        transport = new BgpTransport(loop);
        herald = transport.listen(new InetSocketAddress(LO, 0));
        calmEvents = new RecordingListener();
        calm = transport.addPeer(config("calm", CALM, 179, 65001, 65002, "10.0.0.1", true, 90), calmEvents);
        assertEquals(State.ACTIVE, await(calm::state, st -> st == State.ACTIVE), "the passive peer waits");
        calmPeer = establish(CALM, calmEvents);
    }

    @AfterEach
    void close() throws IOException {
        calmPeer.close();
        transport.close();
        EventLoops.shutdown(loop);
    }

    /** Connects from {@code from}, exchanges OPENs and KEEPALIVEs: Established. */
    private RawPeer establish(InetAddress from, RecordingListener events) throws Exception {
        RawPeer raw = RawPeer.connect(from, herald);
        raw.read(Open.class);
        raw.send(open(65002, 90, "10.0.0.2"));
        raw.read(Keepalive.class);
        raw.context = CodecContext.FOUR_OCTET;
        raw.send(Keepalive.INSTANCE);
        events.awaitEstablished();
        return raw;
    }

    /** The calm session is still Established, never went down, and its peer's ROUTE-REFRESH is answered. */
    private void calmUndisturbed() throws Exception {
        assertEquals(State.ESTABLISHED, calm.state());
        assertTrue(calmEvents.downs.isEmpty(), () -> "the calm session went down: " + calmEvents.downs);
        calmPeer.send(new RouteRefresh(1, 0, 1));
        assertEquals(Family.IPV4_UNICAST, calmEvents.refreshes.poll(10, TimeUnit.SECONDS));
    }

    /** A passive peer at 127.0.0.3, once it waits for its connection (Active). */
    private PeerSession hostile(RecordingListener events, Duration openHold) throws InterruptedException {
        SessionConfig cfg = config("hostile", HOSTILE, 179, 65001, 65002, "10.0.0.1", true, 90).withOpenHoldTime(openHold);
        PeerSession p = transport.addPeer(cfg, events);
        assertEquals(State.ACTIVE, await(p::state, st -> st == State.ACTIVE), "the passive peer waits");
        return p;
    }

    @Test
    void aStrangerIsClosedBeforeItsOpenIsReadAndGetsNoByte() throws Exception {
        RecordingListener events = new RecordingListener();
        PeerSession configured = hostile(events, SessionConfig.DEFAULT_OPEN_HOLD_TIME);
        try (RawPeer stranger = RawPeer.connect(addr("127.0.0.9"), herald)) {
            stranger.send(open(65002, 90, "10.0.0.9"));
            assertTrue(stranger.closedWithoutData(), "herald sent the stranger something");
        }
        assertEquals(State.ACTIVE, configured.state(), "the stranger touched a configured peer's session");
        assertEquals(0, configured.messages().in(1));
        assertEquals(1, calm.messages().in(1), "only the calm peer's OPEN was ever read");
        calmUndisturbed();
    }

    @Test
    void aPeerThatNeverSendsItsOpenIsDroppedAfterTheOpenHoldTime() throws Exception {
        RecordingListener events = new RecordingListener();
        PeerSession p = hostile(events, Duration.ofSeconds(1));
        try (RawPeer silent = RawPeer.connect(HOSTILE, herald)) {
            silent.read(Open.class);
            assertEquals(new Notification(4, 0), silent.read(Notification.class));
            silent.expectClosed();
        }
        assertEquals("hold timer expired, sent NOTIFICATION 4/0 (hold timer expired)", events.awaitDown());
        assertEquals(0, p.messages().in(1));
        calmUndisturbed();
    }

    @Test
    void aPeerTricklingItsOpenIsDroppedAfterTheOpenHoldTimeWithOneMessageBuffered() throws Exception {
        RecordingListener events = new RecordingListener();
        PeerSession p = hostile(events, Duration.ofSeconds(1));
        ByteBuf b = Unpooled.buffer();
        MessageCodec.encode(open(65002, 90, "10.0.0.3"), CodecContext.INITIAL, b);
        byte[] openBytes = ByteBufUtil.getBytes(b);
        b.release();
        AtomicInteger sent = new AtomicInteger();
        try (RawPeer trickler = RawPeer.connect(HOSTILE, herald)) {
            trickler.read(Open.class);
            // One byte a second: the whole OPEN would take 40-odd seconds, the open hold time is 1 s.
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (byte x : openBytes) {
                        trickler.sendRaw(new byte[] {x});
                        sent.incrementAndGet();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException closed) {
                    // herald closed the connection: the point
                }
            });
            assertEquals(new Notification(4, 0), trickler.read(Notification.class));
            trickler.expectClosed();
            writer.interrupt();
        }
        assertEquals(0, p.messages().in(1), "the trickled OPEN was never complete");
        assertTrue(sent.get() < openBytes.length, "sent " + sent + " of " + openBytes.length);
        int held = ((PeerDriver) p).backlogHighWater();
        assertTrue(held < openBytes.length, "herald buffered " + held + " bytes of a trickled OPEN");
        calmUndisturbed();
    }

    /**
     * 3000 UPDATEs that RFC 7606 says to treat as withdraw (no ORIGIN): the session stays, every
     * one is counted, and the log gets the first ten and every thousandth, not 3000 lines.
     */
    @Test
    void malformedUpdatesInALoopKeepTheSessionWithoutFloodingTheLog() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("session");
        java.util.concurrent.atomic.AtomicInteger lines = new java.util.concurrent.atomic.AtomicInteger();
        java.util.logging.Handler counter = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage().contains("malformed UPDATE kept the session") && r.getParameters()[0].equals("hostile")) {
                    lines.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(counter);
        try {
            RecordingListener events = new RecordingListener();
            PeerSession p = hostile(events, SessionConfig.DEFAULT_OPEN_HOLD_TIME);
            // AS_PATH [65002], NEXT_HOP 192.0.2.9, 198.51.100.0/24; no ORIGIN.
            byte[] update = java.util.HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "002b" + "02"
                    + "0000" + "0010" + "40020602010000fdea" + "400304c0000209" + "18c63364");
            floodAndStayUp(p, events, update);
            // The count goes up before the line is logged: wait for the 3000th's line, then check none more.
            assertEquals(13, await(lines::get, n -> n >= 13), "log lines for " + FLOOD + " malformed UPDATEs");
            calmUndisturbed();
        } finally {
            log.removeHandler(counter);
        }
    }

    /**
     * 3000 UPDATEs of 4096 bytes (the maximum without extended messages), each a 4065-byte
     * optional transitive attribute herald does not know, as fast as the socket takes them.
     */
    @Test
    void maximumSizeUpdatesInALoopCostBoundedBuffering() throws Exception {
        RecordingListener events = new RecordingListener();
        PeerSession p = hostile(events, SessionConfig.DEFAULT_OPEN_HOLD_TIME);
        byte[] update = new byte[4096];
        Arrays.fill(update, 0, 16, (byte) 0xFF);
        update[16] = 0x10; // length 4096
        update[18] = 2;
        int attrs = 4096 - 23;
        update[21] = (byte) (attrs >>> 8);
        update[22] = (byte) attrs;
        update[23] = (byte) 0xD0; // optional, transitive, extended length
        update[24] = 99;
        int len = attrs - 4;
        update[25] = (byte) (len >>> 8);
        update[26] = (byte) len;
        floodAndStayUp(p, events, update);
        int held = ((PeerDriver) p).backlogHighWater();
        assertTrue(held <= MAX_READ + 4096, "herald held " + held + " bytes unread");
        System.err.println("flood of " + FLOOD + " x 4096 bytes: at most " + held + " bytes held unread");
        calmUndisturbed();
    }

    /** Sends {@link #FLOOD} copies of {@code update} from the hostile peer: herald must read every one and stay up. */
    private void floodAndStayUp(PeerSession p, RecordingListener events, byte[] update) throws Exception {
        try (RawPeer flood = establish(HOSTILE, events)) {
            for (int i = 0; i < FLOOD; i++) {
                flood.sendRaw(update);
            }
            long seen = await(() -> p.messages().in(2), n -> n >= FLOOD);
            assertEquals(FLOOD, seen, () -> "herald read " + seen + " of " + FLOOD + " UPDATEs; downs " + events.downs);
            assertEquals(State.ESTABLISHED, p.state());
            assertTrue(events.downs.isEmpty(), () -> "" + events.downs);
        }
    }
}
