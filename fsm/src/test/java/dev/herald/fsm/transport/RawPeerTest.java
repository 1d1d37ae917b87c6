package dev.herald.fsm.transport;

import static dev.herald.fsm.transport.TransportFixtures.LO;
import static dev.herald.fsm.transport.TransportFixtures.addr;
import static dev.herald.fsm.transport.TransportFixtures.await;
import static dev.herald.fsm.transport.TransportFixtures.config;
import static dev.herald.fsm.transport.TransportFixtures.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Keepalive;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import dev.herald.fsm.State;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One herald transport against a scripted speaker, for the cases two heralds cannot stage. */
class RawPeerTest {
    private static final CodecContext BIG = new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE);

    /** herald connects out to the raw peer, which answers with {@code hold}. */
    private record Session(BgpTransport transport, ServerSocket server, RawPeer raw, PeerSession peer,
                           RecordingListener listener, EstablishedSession established) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            raw.close();
            server.close();
            transport.close();
        }

        /**
         * A ROUTE-REFRESH sent now is reported only if the session survived what was sent
         * before it: TCP keeps the order, so the earlier message was taken.
         */
        void assertStillUp() throws Exception {
            raw.send(new RouteRefresh(1, 0, 1));
            assertEquals(Family.IPV4_UNICAST, listener.refreshes.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(listener.downs.isEmpty(), () -> "session went down: " + listener.downs);
        }
    }

    private static Session establish(int hold) throws Exception {
        return establish(open(65002, hold, "10.0.0.2"));
    }

    /** herald connects out to the raw peer, which answers herald's OPEN with {@code rawOpen}. */
    private static Session establish(Open rawOpen) throws Exception {
        return establish(rawOpen, true);
    }

    /** As {@link #establish(Open)}, herald offering extended messages or not. */
    private static Session establish(Open rawOpen, boolean heraldOffersExtendedMessage) throws Exception {
        ServerSocket server = new ServerSocket(0, 5, LO);
        BgpTransport t = new BgpTransport(TestLoops.SHARED);
        RecordingListener l = new RecordingListener();
        PeerSession p = t.addPeer(config("raw", LO, server.getLocalPort(), 65001, 65002, "10.0.0.1", false, 90)
                .withExtendedMessage(heraldOffersExtendedMessage), l);
        server.setSoTimeout(10_000);
        RawPeer raw = new RawPeer(server.accept());
        Open theirs = raw.read(Open.class);
        assertEquals(65001, theirs.asn());
        raw.send(rawOpen);
        raw.read(Keepalive.class);
        boolean extended = theirs.capability(Capability.ExtendedMessage.class).isPresent()
                && rawOpen.capability(Capability.ExtendedMessage.class).isPresent();
        raw.context = extended ? BIG : CodecContext.FOUR_OCTET;
        raw.send(Keepalive.INSTANCE);
        EstablishedSession s = l.awaitEstablished();
        return new Session(t, server, raw, p, l, s);
    }

    @Test
    void holdTimerExpirySends4Slash0() throws Exception {
        try (Session s = establish(3)) {
            // Silent from here on: herald keeps sending KEEPALIVEs, then gives up after 3 s.
            long start = System.nanoTime();
            Notification n = s.raw().read(Notification.class);
            assertEquals(new Notification(4, 0), n);
            assertTrue(System.nanoTime() - start > 2_000_000_000L, "not before the hold time");
            assertEquals("hold timer expired, sent NOTIFICATION 4/0 (hold timer expired)", s.listener().awaitDown());
            s.raw().expectClosed();
        }
    }

    @Test
    void malformedMessageGetsTheCodecsNotification() throws Exception {
        try (Session s = establish(90)) {
            byte[] bad = new byte[19];
            Arrays.fill(bad, 0, 16, (byte) 0xFF);
            bad[3] = 0;  // broken marker
            bad[17] = 19;
            bad[18] = 4;
            s.raw().sendRaw(bad);
            Notification n = s.raw().read(Notification.class);
            assertEquals(1, n.code());
            assertEquals(1, n.subcode());
            s.raw().expectClosed();
            assertTrue(s.listener().awaitDown().contains("sent NOTIFICATION 1/1"));
        }
    }

    /**
     * RFC 7313 5: a BoRR longer than 4 bytes is answered with 7/1 carrying the message. For one of
     * 4096 bytes that data does not fit a NOTIFICATION, which is sent truncated (RFC 8654 5).
     */
    @Test
    void maximumSizeInvalidBorrGetsATruncated7Slash1() throws Exception {
        try (Session s = establish(90)) {
            byte[] borr = new byte[CodecContext.MAX_MESSAGE];
            Arrays.fill(borr, 0, 16, (byte) 0xFF);
            borr[16] = (byte) (CodecContext.MAX_MESSAGE >>> 8);
            borr[17] = (byte) CodecContext.MAX_MESSAGE;
            borr[18] = 5;                      // ROUTE-REFRESH
            borr[20] = 1;                      // AFI 1
            borr[21] = 1;                      // subtype 1: BoRR
            borr[22] = 1;                      // SAFI 1
            s.raw().sendRaw(borr);
            Notification n = s.raw().read(Notification.class);
            assertEquals(new Notification(7, 1, Arrays.copyOf(borr, CodecContext.MAX_MESSAGE - 21)), n);
            s.raw().expectClosed();
            assertTrue(s.listener().awaitDown().contains("sent NOTIFICATION 7/1"));
        }
    }

    /** RFC 7606: an UPDATE with an undefined ORIGIN is treat-as-withdraw; the session stays up. */
    @Test
    void treatAsWithdrawUpdateKeepsTheSession() throws Exception {
        try (Session s = establish(90)) {
            byte[] update = java.util.HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "0036" + "02"
                    + "0000" + "001b"
                    + "40010103"                 // ORIGIN 3: undefined
                    + "40020602010000fde9"       // AS_PATH 65001
                    + "4003040a000002"           // NEXT_HOP 10.0.0.2
                    + "80040400000000"           // MED 0
                    + "18c63364");               // 198.51.100.0/24
            s.raw().sendRaw(update);
            s.assertStillUp(); // it survived the UPDATE
        }
    }

    @Test
    void routeRefreshIsReportedAndSendsReachThePeer() throws Exception {
        try (Session s = establish(90)) {
            s.raw().send(new RouteRefresh(2, 0, 1));
            assertEquals(Family.IPV6_UNICAST, s.listener().refreshes.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            EstablishedSession e = s.established();
            e.send(Update.endOfRib(Family.IPV6_UNICAST));
            ByteBuf encoded = Unpooled.buffer();
            MessageCodec.encode(Update.endOfRib(Family.IPV4_UNICAST), e.codecContext(), encoded);
            e.send(encoded);
            e.flush();
            assertEquals(Family.IPV6_UNICAST, s.raw().read(Update.class).endOfRibFamily().orElseThrow());
            assertEquals(Family.IPV4_UNICAST, s.raw().read(Update.class).endOfRibFamily().orElseThrow());
            assertTrue(e.writable());
        }
    }

    @Test
    void aLocalAddressThatIsNotOursIsNamedInTheReason() throws Exception {
        // The bind fails before any packet leaves: 198.18.0.9 (RFC 2544's test range) is on no interface.
        InetAddress notOurs = InetAddress.getByName("198.18.0.9");
        try (BgpTransport t = new BgpTransport(TestLoops.SHARED)) {
            RecordingListener l = new RecordingListener();
            t.addPeer(config("nobody", LO, 179, 65001, 65002, "10.0.0.1", false, 90).toBuilder()
                    .localAddress(notOurs).build(), l);
            // The listener's reason, not lastError(): that is set after the listener hears of the end.
            assertEquals("cannot assign requested address (local-address 198.18.0.9 is not an address of this host or"
                    + " its network namespace)", l.awaitDown());
        }
    }

    @Test
    void refusedConnectIsReportedAndRetried() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LO)) {
            port = probe.getLocalPort();
        }
        try (BgpTransport t = new BgpTransport(TestLoops.SHARED)) {
            RecordingListener l = new RecordingListener();
            PeerSession p = t.addPeer(config("nobody", LO, port, 65001, 65002, "10.0.0.1", false, 90), l);
            assertEquals("connection refused", l.awaitDown());
            assertEquals("connection refused", l.awaitDown(), "retried after the back-off");
            assertEquals("connection refused", p.lastError());
        }
    }

    @Test
    void connectionFromAnUnconfiguredAddressIsClosedWithoutOpen() throws Exception {
        try (BgpTransport t = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress addr = t.listen(new InetSocketAddress(LO, 0));
            RecordingListener l = new RecordingListener();
            PeerSession p = t.addPeer(config("p3", addr("127.0.0.3"), 179, 65001, 65002, "10.0.0.1", true, 90), l);
            assertEquals(State.ACTIVE, await(p::state, s -> s == State.ACTIVE));
            try (RawPeer stranger = RawPeer.connect(LO, addr)) {
                assertTrue(stranger.closedWithoutData());
            }
            try (RawPeer configured = RawPeer.connect(addr("127.0.0.3"), addr)) {
                assertInstanceOf(Open.class, configured.read());
                assertEquals(State.OPEN_SENT, await(p::state, s -> s == State.OPEN_SENT));
            }
        }
    }

    /**
     * RFC 4271 6.8 on real sockets: herald (10.0.0.5) has dialled the raw peer and the raw peer
     * dials herald; both get OPENs. The connection opened by the higher identifier survives.
     */
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.9", "10.0.0.1"})
    void collisionKeepsTheConnectionOfTheHigherIdentifier(String rawId) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LO); BgpTransport t = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress heraldAddr = t.listen(new InetSocketAddress(LO, 0));
            RecordingListener l = new RecordingListener();
            t.addPeer(config("raw", LO, server.getLocalPort(), 65001, 65002, "10.0.0.5", false, 90), l);
            server.setSoTimeout(10_000);
            try (RawPeer dialledByHerald = new RawPeer(server.accept());
                 RawPeer dialledByRaw = RawPeer.connect(LO, heraldAddr)) {
                dialledByHerald.read(Open.class);
                dialledByRaw.read(Open.class);
                dialledByHerald.send(open(65002, 90, rawId));
                dialledByHerald.read(Keepalive.class); // in OpenConfirm now
                dialledByRaw.send(open(65002, 90, rawId));

                boolean rawWins = rawId.equals("10.0.0.9");
                RawPeer loser = rawWins ? dialledByHerald : dialledByRaw;
                RawPeer winner = rawWins ? dialledByRaw : dialledByHerald;
                assertEquals(new Notification(6, 7), loser.read(Notification.class));
                loser.expectClosed();
                if (rawWins) {
                    winner.read(Keepalive.class);
                }
                winner.send(Keepalive.INSTANCE);
                EstablishedSession s = l.awaitEstablished();
                assertEquals(winner.localAddress(), s.remoteAddress());
                assertTrue(l.downs.isEmpty(), () -> "a collision is no failure: " + l.downs);
            }
        }
    }

    /** The raw peer's usual OPEN, with the extended message capability (RFC 8654) added. */
    private static Open extendedOpen() {
        Open o = open(65002, 90, "10.0.0.2");
        List<Capability> caps = new ArrayList<>(o.capabilities());
        caps.add(new Capability.ExtendedMessage());
        return Open.of(65002, 90, o.bgpIdentifier(), caps);
    }

    /** 3000 /24s under ORIGIN, AS_PATH and NEXT_HOP: about 12 kB, three times what 4096 allows. */
    private static Update bigUpdate() {
        List<Prefix> nlri = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            nlri.add(Prefix.of(new byte[] {10, (byte) (i >> 8), (byte) i, 0}, 24));
        }
        return new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(65002),
                new PathAttribute.NextHop(new byte[] {10, 0, 0, 2})), nlri);
    }

    private static byte[] encode(Update u, CodecContext ctx) {
        ByteBuf b = Unpooled.buffer();
        MessageCodec.encode(u, ctx, b);
        byte[] out = io.netty.buffer.ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }

    /** RFC 8654: both OPENs carry capability 6, so messages up to 65535 bytes go both ways. */
    @Test
    void extendedMessagesBothWaysWhenBothOfferThem() throws Exception {
        try (Session s = establish(extendedOpen())) {
            EstablishedSession e = s.established();
            assertTrue(e.localOpen().capability(Capability.ExtendedMessage.class).isPresent(), "herald offers it");
            assertEquals(CodecContext.MAX_EXTENDED_MESSAGE, e.codecContext().maxMessageLength());
            byte[] big = encode(bigUpdate(), BIG);
            assertTrue(big.length > CodecContext.MAX_MESSAGE, big.length + " bytes");
            s.raw().sendRaw(big);
            s.assertStillUp(); // herald took the 12 kB UPDATE
            e.send(bigUpdate());
            e.flush();
            assertEquals(3000, s.raw().read(Update.class).nlri().size(), "herald sent it in one UPDATE");
        }
    }

    /**
     * RFC 8654 4: the peer did not offer it, so herald sends no more than 4096 bytes; herald did
     * offer it, so it takes a larger message ("MUST be capable of receiving" up to 65535).
     */
    @Test
    void withoutThePeersCapabilityHeraldSends4096ButTakesMore() throws Exception {
        try (Session s = establish(90)) {
            EstablishedSession e = s.established();
            assertEquals(CodecContext.MAX_MESSAGE, e.codecContext().maxMessageLength());
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> e.send(bigUpdate()));
            assertTrue(refused.getMessage().contains("exceeds the limit of 4096"), refused.getMessage());
            byte[] big = encode(bigUpdate(), BIG);
            assertTrue(big.length > CodecContext.MAX_MESSAGE, big.length + " bytes");
            s.raw().sendRaw(big);
            s.assertStillUp(); // herald took the 12 kB UPDATE
        }
    }

    /** RFC 8654 5: herald did not offer it ({@code extended-message: false}), so a larger message is 1/2. */
    @Test
    void withoutHeraldsCapabilityAnythingAbove4096IsBadMessageLength() throws Exception {
        try (Session s = establish(extendedOpen(), false)) {
            EstablishedSession e = s.established();
            assertEquals(CodecContext.MAX_MESSAGE, e.codecContext().maxMessageLength());
            assertEquals(CodecContext.MAX_MESSAGE, e.codecContext().maxReceiveLength());
            byte[] big = encode(bigUpdate(), BIG);
            s.raw().sendRaw(big);
            Notification n = s.raw().read(Notification.class);
            assertEquals(1, n.code());
            assertEquals(2, n.subcode(), "bad message length");
            assertEquals(big.length, (n.data().get(0) & 0xFF) << 8 | (n.data().get(1) & 0xFF), "the length field in the data");
            s.raw().expectClosed();
        }
    }
}
