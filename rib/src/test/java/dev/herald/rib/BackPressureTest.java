package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pull model (docs/adr/0012-back-pressure.md): a peer whose transport cannot take more is
 * sent nothing meanwhile; what it is to hear waits as prefixes, one entry each however often they
 * change, and goes out with its newest state when it can write again. The peers it shares an update
 * group with are not held up. Writability is what the test says it is ({@link Rib#writable}).
 */
class BackPressureTest {
    private static final Prefix P = Prefix.parse("203.0.113.0/24");
    private static final Prefix Q = Prefix.parse("198.51.100.0/24");

    private Rib rib;
    private RecordingSink fast;
    private RecordingSink slow;

    private static PeerSessionInfo peer(String name) {
        return peer(name, 4096);
    }

    private static PeerSessionInfo peer(String name, int maxMessageLength) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(IPV4_UNICAST), Set.of(), Sessions.addr("198.18.0.2"),
                Optional.empty(), Optional.empty(), maxMessageLength);
    }

    /** Bytes {@code u} takes on the wire toward {@code maxMessageLength}-byte peers with 4-octet ASNs. */
    private static int wireBytes(Update u, int maxMessageLength) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageCodec.encode(u, new CodecContext(true, maxMessageLength), buf);
            return buf.readableBytes();
        } finally {
            buf.release();
        }
    }

    /** Two peers of one update group, both with their (empty) initial table and End-of-RIB. */
    @BeforeEach
    void twoPeersInOneGroup() {
        rib = new Rib();
        rib.setLagBound(0);
        fast = new RecordingSink();
        slow = new RecordingSink();
        rib.peerUp(peer("fast"), fast);
        rib.peerUp(peer("slow"), slow);
        assertEquals(1, rib.updateGroups().size(), "configured alike: one group");
        fast.updates.clear();
        slow.updates.clear();
    }

    private int pending(String peer) {
        return pendingOf(rib, peer);
    }

    private static int pendingOf(Rib rib, String peer) {
        return rib.status().stream().filter(s -> s.peerName().equals(peer)).findFirst().orElseThrow().pendingPrefixes();
    }

    private static List<Prefix> announced(RecordingSink sink) {
        List<Prefix> out = new ArrayList<>();
        sink.updates.forEach(u -> out.addAll(u.nlri()));
        return out;
    }

    private static List<Prefix> withdrawn(RecordingSink sink) {
        List<Prefix> out = new ArrayList<>();
        sink.updates.forEach(u -> out.addAll(u.withdrawn()));
        return out;
    }

    @Test
    void announceWithdrawAnnounceWhileBlockedGoesOutAsOneAnnouncement() {
        rib.writable("slow", false);
        rib.change("static", List.of(P), List.of());
        rib.change("static", List.of(), List.of(P));
        rib.change("static", List.of(P), List.of());

        assertEquals(3, fast.updates.size(), "the writable member got each change as it came");
        assertEquals(List.of(), slow.updates, "nothing is written for a member that cannot write");
        assertEquals(1, pending("slow"));
        assertEquals(0, pending("fast"));

        rib.writable("slow", true);
        assertEquals(List.of(P), announced(slow));
        assertEquals(List.of(), withdrawn(slow));
        assertEquals(1, slow.updates.size());
        assertEquals(0, pending("slow"));
        assertEquals(fast.table(), slow.table());
    }

    @Test
    void aPrefixThatCameAndWentWhileBlockedIsNeverSent() {
        rib.writable("slow", false);
        rib.change("static", List.of(P), List.of());
        rib.change("static", List.of(), List.of(P));
        rib.writable("slow", true);

        assertEquals(2, fast.updates.size());
        assertEquals(List.of(), slow.updates, "announce then withdraw of a prefix it never had: nothing");
    }

    @Test
    void aWithdrawalThenAnnouncementWhileBlockedIsOneAnnouncement() {
        rib.change("static", List.of(P), List.of());
        slow.updates.clear();
        rib.writable("slow", false);
        rib.change("static", List.of(), List.of(P));
        rib.update("static", List.of(new Route(P, RouteFacts.of("static").withMed(7))), List.of());
        rib.writable("slow", true);

        assertEquals(List.of(P), announced(slow));
        assertEquals(List.of(), withdrawn(slow), "the implicit withdraw of the announcement replaces it");
    }

    @Test
    void heldForABlockedPeerIsBoundedByDistinctPrefixesNotChanges() {
        rib.setAutoFlush(false); // as the daemon runs: flushes between bursts
        List<Prefix> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Prefix.parse("10.1." + i + ".0/24"));
        }
        rib.writable("slow", false);
        int fastUpdatesBefore = fast.updates.size();
        for (int change = 0; change < 100_000; change++) {
            Prefix p = hundred.get(change % 100);
            if ((change / 100) % 2 == 1) { // rounds of 100: withdraw all (nothing the first time), announce all
                rib.change("static", List.of(p), List.of());
            } else {
                rib.change("static", List.of(), List.of(p));
            }
            if (change % 10 == 9) {
                rib.flush();
            }
            if (change % 10_000 == 9_999) {
                assertTrue(pending("slow") <= 100, "pending after " + (change + 1) + " changes: " + pending("slow"));
            }
        }
        rib.flush();
        assertTrue(fast.updates.size() - fastUpdatesBefore >= 9_000, "the fast member heard the churn meanwhile");
        assertEquals(List.of(), slow.updates);
        assertEquals(0, pending("fast"));
        assertEquals(100, pending("slow"), "one entry per prefix: the last round announced each");

        rib.writable("slow", true);
        while (rib.syncing()) {
            rib.flush();
        }
        assertEquals(100, announced(slow).size(), "each prefix once, with its newest state");
        assertEquals(Set.copyOf(hundred), slow.table());
        assertEquals(fast.table(), slow.table());
        assertEquals(0, pending("slow"));
    }

    @Test
    void aBlockedPeerIsSentAtMostTheLagBoundBeforeFallingBehind() {
        rib.change("static", List.of(Prefix.parse("10.2.9.0/24")), List.of());
        int size = wireBytes(fast.updates.getLast(), 4096); // each change below is one UPDATE of this size
        rib.setLagBound(2L * size + size / 2);
        rib.writable("slow", false);
        for (int i = 0; i < 5; i++) {
            rib.change("static", List.of(Prefix.parse("10.2." + i + ".0/24")), List.of());
        }
        assertEquals(6, fast.updates.size());
        assertEquals(3, slow.updates.size(), "a short blip shares the group's UPDATEs while their bytes fit the bound");
        assertEquals(3, pending("slow"));

        rib.writable("slow", true);
        assertEquals(fast.table(), slow.table());
        assertEquals(0, pending("slow"));
    }

    /**
     * With extended messages (RFC 8654) an UPDATE may take 65,535 bytes: counted in UPDATEs, the
     * default bound let a blocked member take 16 of them (1 MiB) before it fell behind; in bytes it
     * is 64 KiB whatever the message size.
     */
    @Test
    void theDefaultLagBoundCountsBytesWithExtendedMessages() {
        rib = new Rib();
        RecordingSink fastX = new RecordingSink();
        RecordingSink slowX = new RecordingSink();
        rib.peerUp(peer("fast", 65535), fastX);
        rib.peerUp(peer("slow", 65535), slowX);
        rib.writable("slow", false);
        for (int round = 0; round < 4; round++) {
            List<Prefix> thousands = new ArrayList<>();
            for (int i = 0; i < 7000; i++) {
                thousands.add(Prefix.parse("10." + (round * 32 + i / 256) + "." + (i % 256) + ".1/32"));
            }
            rib.change("static", thousands, List.of());
        }
        List<Update> changes = fastX.updates.stream().filter(u -> !u.nlri().isEmpty()).toList();
        assertEquals(4, changes.size(), "each change fits one extended UPDATE");
        int size = wireBytes(changes.getFirst(), 65535);
        assertTrue(size > 35_000 && 2 * size > Rib.DEFAULT_LAG_BOUND, "some 35 KB each, two over 64 KiB: " + size);
        List<Update> taken = slowX.updates.stream().filter(u -> !u.nlri().isEmpty()).toList();
        assertEquals(1, taken.size(), "the first fits the bound, the second passes it: the slow member falls behind");
        assertTrue(taken.getFirst() == changes.getFirst(), "the group's UPDATE, shared");
        assertEquals(21_000, pendingOf(rib, "slow"));

        rib.writable("slow", true);
        assertEquals(fastX.table(), slowX.table());
    }
    @Test
    void aPeerThatCaughtUpIsSentTheGroupsDeltasAgain() {
        rib.writable("slow", false);
        rib.change("static", List.of(P), List.of());
        rib.writable("slow", true);
        slow.updates.clear();
        fast.updates.clear();

        rib.change("static", List.of(Q), List.of());
        assertEquals(List.of(Q), announced(slow));
        assertEquals(fast.updates, slow.updates, "the same UPDATEs as the group's");
    }

    @Test
    void aBlockedJoinerWaitsForItsTableWithoutHoldingUpTheOthers() {
        rib.setAutoFlush(false);
        rib.change("static", List.of(P), List.of());
        rib.flush();
        RecordingSink late = RecordingSink.peerUp(rib, peer("late"));
        rib.writable("late", false);
        rib.flush();
        rib.change("static", List.of(Q), List.of());
        rib.flush();
        assertFalse(rib.syncing(), "nothing can go out now");
        assertEquals(List.of(), late.updates);
        assertEquals(Set.of(P, Q), fast.table());

        rib.writable("late", true);
        while (rib.syncing()) {
            rib.flush();
        }
        assertEquals(Set.of(P, Q), late.table());
        assertEquals(List.of(IPV4_UNICAST), late.endOfRibs());
    }

    @Test
    void aRouteRefreshFromABlockedPeerIsAnsweredWhenItCanWrite() {
        rib.change("static", List.of(P, Q), List.of());
        slow.updates.clear();
        rib.writable("slow", false);
        rib.routeRefresh("slow", IPV4_UNICAST);
        assertEquals(List.of(), slow.updates, "not even a small table is written while it cannot write");

        rib.writable("slow", true);
        assertEquals(Set.of(P, Q), Set.copyOf(announced(slow)));
    }

    @Test
    void statusShowsTheBytesTheSessionHasQueued() {
        RecordingSink queued = new RecordingSink() {
            @Override
            public long queuedBytes() {
                return 12_345;
            }
        };
        rib.peerUp(peer("queued"), queued);
        assertEquals(12_345, rib.status().stream().filter(s -> s.peerName().equals("queued")).findFirst()
                .orElseThrow().queuedBytes());
    }

    /** The UPDATEs of the group after the block all went to the writable member only. */
    @Test
    void fastMembersNeverWaitForABlockedOne() {
        rib.writable("slow", false);
        for (int i = 0; i < 50; i++) {
            rib.change("static", List.of(Prefix.parse("10.3." + i + ".0/24")), List.of());
            assertEquals(i + 1, fast.updates.size(), "change " + i + " went out at once");
        }
        assertEquals(List.of(), slow.updates);
        for (Update u : fast.updates) {
            assertEquals(1, u.nlri().size());
        }
    }
}
