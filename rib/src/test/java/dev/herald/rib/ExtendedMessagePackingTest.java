package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static dev.herald.rib.UpdatePackerTest.v4;
import static dev.herald.rib.UpdatePackerTest.v6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFC 8654: UPDATEs are packed to the size negotiated with each peer, 65535 bytes with extended
 * messages and 4096 without, and peers of different sizes never share encoded UPDATEs.
 */
class ExtendedMessagePackingTest {
    private static final CodecContext EXTENDED = new CodecContext(true, CodecContext.MAX_EXTENDED_MESSAGE);
    private static final CodecContext PLAIN = CodecContext.FOUR_OCTET;
    private static final List<PathAttribute> BASE = List.of(PathAttribute.Origin.IGP,
            PathAttribute.AsPath.sequence(65010));

    /** The wire size of each UPDATE; encoding itself fails for one above {@code ctx}'s limit. */
    private static List<Integer> sizes(List<Update> updates, CodecContext ctx) {
        List<Integer> out = new ArrayList<>();
        for (Update u : updates) {
            ByteBuf buf = Unpooled.buffer();
            MessageCodec.encode(u, ctx, buf);
            out.add(buf.readableBytes());
            buf.release();
        }
        return out;
    }

    private static int max(List<Integer> sizes) {
        return sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static List<Update> announceAndWithdraw(int limit) {
        List<Update> all = new ArrayList<>();
        all.addAll(UpdatePacker.announce(IPV4_UNICAST, BASE, new byte[] {(byte) 198, 18, 0, 2}, v4(40_000), limit));
        all.addAll(UpdatePacker.announce(IPV6_UNICAST, BASE, new byte[16], v6(20_000), limit));
        // IPv4 with an RFC 8950 IPv6 next hop travels in MP_REACH_NLRI: the other announcement path.
        all.addAll(UpdatePacker.announce(IPV4_UNICAST, BASE, new byte[16], v4(20_000), limit));
        all.addAll(UpdatePacker.withdraw(IPV4_UNICAST, v4(40_000), limit));
        all.addAll(UpdatePacker.withdraw(IPV6_UNICAST, v6(20_000), limit));
        return all;
    }

    /** The sizes of {@link #announceAndWithdraw} packed and encoded for {@code ctx}: never above its limit, the largest just below. */
    private static List<Integer> packedFor(CodecContext ctx) {
        int limit = ctx.maxMessageLength();
        List<Integer> sizes = sizes(announceAndWithdraw(limit), ctx);
        assertTrue(max(sizes) <= limit, "largest " + max(sizes));
        assertTrue(max(sizes) > limit - 20, "packed to the limit: largest " + max(sizes));
        return sizes;
    }

    @Test
    void extendedMessagesPackPast4096ButNeverPast65535() {
        List<Integer> sizes = packedFor(EXTENDED);
        // Every full message (all but each run's last) is past 4096: the packer uses the room it has.
        long small = sizes.stream().filter(s -> s <= CodecContext.MAX_MESSAGE).count();
        assertTrue(small <= 5, small + " of " + sizes.size() + " UPDATEs within 4096 bytes");
    }

    @Test
    void withoutExtendedMessagesNothingExceeds4096() {
        int plain = packedFor(PLAIN).size();
        int extended = packedFor(EXTENDED).size();
        assertTrue(plain > 10 * extended, plain + " UPDATEs at 4096, " + extended + " at 65535");
    }

    /** Takes encoded UPDATEs, as a live session does, and records their sizes. */
    private static final class SizingSink extends RecordingSink {
        private final CodecContext ctx;
        final List<Integer> sizes = new ArrayList<>();

        SizingSink(CodecContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean acceptsEncoded() {
            return true;
        }

        @Override
        public void send(Update update) {
            sizes.addAll(sizes(List.of(update), ctx));
            super.send(update);
        }

        @Override
        public void sendEncoded(ByteBuf encoded) {
            try {
                sizes.add(encoded.readableBytes());
                updates.add((Update) MessageCodec.decode(encoded.duplicate(), ctx));
            } catch (BgpDecodeException e) {
                throw new AssertionError(e);
            } finally {
                encoded.release();
            }
        }
    }

    private static PeerSessionInfo peer(String name, int maxMessageLength) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(IPV4_UNICAST, IPV6_UNICAST), Set.of(),
                Sessions.addr("198.18.0.2"), Optional.empty(), Optional.of(Sessions.addr("fd00:18::2")),
                maxMessageLength);
    }

    @Test
    void peersOfDifferentMessageSizesAreInDifferentUpdateGroups() {
        Rib rib = new Rib();
        List<Route> routes = new ArrayList<>();
        v4(20_000).forEach(p -> routes.add(new Route(p, "static")));
        v6(5_000).forEach(p -> routes.add(new Route(p, "static")));
        rib.replaceSource("static", routes);
        // Two of each size, so each group encodes once for its members.
        SizingSink big1 = new SizingSink(EXTENDED);
        SizingSink big2 = new SizingSink(EXTENDED);
        SizingSink small1 = new SizingSink(PLAIN);
        SizingSink small2 = new SizingSink(PLAIN);
        rib.peerUp(peer("big1", CodecContext.MAX_EXTENDED_MESSAGE), big1);
        rib.peerUp(peer("small1", CodecContext.MAX_MESSAGE), small1);
        rib.peerUp(peer("big2", CodecContext.MAX_EXTENDED_MESSAGE), big2);
        rib.peerUp(peer("small2", CodecContext.MAX_MESSAGE), small2);
        assertEquals(List.of(List.of("big1", "big2"), List.of("small1", "small2")),
                rib.updateGroups().stream().map(UpdateGroupStatus::members).toList());

        rib.change("static", List.of(), v4(20_000)); // a mass withdrawal goes the delta path
        for (SizingSink s : List.of(big1, big2, small1, small2)) {
            assertEquals(Set.copyOf(v6(5_000)), s.table(), "the IPv6 table is left");
            assertEquals(List.of(IPV4_UNICAST, IPV6_UNICAST), s.endOfRibs());
        }
        assertTrue(max(big1.sizes) > CodecContext.MAX_MESSAGE, "largest " + max(big1.sizes));
        assertTrue(max(big1.sizes) <= CodecContext.MAX_EXTENDED_MESSAGE);
        assertTrue(max(small1.sizes) <= CodecContext.MAX_MESSAGE, "largest " + max(small1.sizes));
        assertEquals(big1.sizes, big2.sizes);
        // 51 against 7 here: End-of-RIBs and the last, partly filled UPDATE of each run are the same on both.
        assertTrue(small1.sizes.size() > 5 * big1.sizes.size(), small1.sizes.size() + " vs " + big1.sizes.size());

        // A ROUTE-REFRESH answer is packed to the session's size too.
        int before = big1.sizes.size();
        rib.routeRefresh("big1", Family.IPV6_UNICAST);
        List<Integer> answer = big1.sizes.subList(before, big1.sizes.size());
        assertTrue(max(answer) > CodecContext.MAX_MESSAGE, "refresh answer " + answer);
    }
}
