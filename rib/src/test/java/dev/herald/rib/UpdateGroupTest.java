package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.codec.Family.IPV6_UNICAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Update groups, maximum-prefix-out, policy changes, ROUTE-REFRESH and coalescing. */
class UpdateGroupTest {
    private static final Prefix A = Prefix.parse("203.0.113.0/24");
    private static final Prefix B = Prefix.parse("198.51.100.0/24");
    private static final Prefix C = Prefix.parse("192.0.2.0/24");
    private static final ExportPolicy COMMUNITY = new ExportPolicy(Set.of(), List.of(), List.of(),
            new ExportActions(null, null, List.of(1L), List.of(), List.of(), null, OptionalLong.empty(), -1), List.of(), 0);

    private static PeerSessionInfo peer(String name, String local) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(IPV4_UNICAST, IPV6_UNICAST), Set.of(), Sessions.addr(local),
                Optional.empty(), Optional.of(Sessions.addr("fd00:18::2")), 4096);
    }

    /** Takes bytes: records them decoded, and counts the distinct buffers' memory it was handed. */
    static final class EncodedSink extends RecordingSink {
        final List<ByteBuf> raw = new ArrayList<>();

        @Override
        public boolean acceptsEncoded() {
            return true;
        }

        @Override
        public void sendEncoded(ByteBuf encoded) {
            try {
                raw.add(encoded.copy());
                ByteBuf frame = encoded.duplicate();
                updates.add((Update) MessageCodec.decode(frame, CodecContext.FOUR_OCTET));
            } catch (dev.herald.codec.BgpDecodeException e) {
                throw new AssertionError(e);
            } finally {
                encoded.release();
            }
        }
    }

    private static List<Route> statics(Prefix... ps) {
        return java.util.Arrays.stream(ps).map(p -> new Route(p, "static")).toList();
    }

    @Test
    void equalPoliciesShareAGroupAndEachChangeIsEncodedOnceForAll() {
        Rib rib = new Rib();
        rib.setPolicy("a", COMMUNITY);
        rib.setPolicy("b", COMMUNITY);
        rib.setPolicy("c", ExportPolicy.DEFAULT);
        rib.replaceSource("static", statics(A));
        EncodedSink a = new EncodedSink();
        EncodedSink b = new EncodedSink();
        EncodedSink c = new EncodedSink();
        rib.peerUp(peer("a", "198.18.0.2"), a);
        rib.peerUp(peer("b", "198.18.0.2"), b);
        rib.peerUp(peer("c", "198.18.0.2"), c);
        List<UpdateGroupStatus> groups = rib.updateGroups();
        assertEquals(2, groups.size(), groups.toString());
        assertEquals(List.of("a", "b"), groups.getFirst().members());
        assertEquals(List.of("c"), groups.get(1).members());

        int ra = a.raw.size();
        int rb = b.raw.size();
        rib.change("static", List.of(B), List.of(A));
        List<ByteBuf> da = a.raw.subList(ra, a.raw.size());
        List<ByteBuf> db = b.raw.subList(rb, b.raw.size());
        assertEquals(2, da.size(), "one withdrawal, one announcement");
        assertEquals(da, db, "byte for byte the same UPDATEs");
        assertEquals(Set.of(B), a.table());
        assertEquals(Set.of(B), b.table());
        assertEquals(Set.of(B), c.table());

        // A peer with another next hop has another export result: its own group.
        rib.setPolicy("d", COMMUNITY);
        rib.peerUp(peer("d", "198.18.9.2"), new EncodedSink());
        assertEquals(3, rib.updateGroups().size());
        // Leaving: the group goes when its last member does.
        rib.peerDown("c");
        rib.peerDown("d");
        assertEquals(1, rib.updateGroups().size());
        rib.peerDown("a");
        assertEquals(List.of("b"), rib.updateGroups().getFirst().members());
    }

    @Test
    void aJoiningPeerGetsTheGroupsTableAndEndOfRibOthersGetNothing() {
        Rib rib = new Rib();
        rib.replaceSource("static", statics(A, B));
        RecordingSink first = RecordingSink.peerUp(rib, peer("a", "198.18.0.2"));
        int before = first.updates.size();
        RecordingSink second = RecordingSink.peerUp(rib, peer("b", "198.18.0.2"));
        assertEquals(before, first.updates.size(), "the member already in sync hears nothing");
        assertEquals(Set.of(A, B), second.table());
        assertEquals(List.of(IPV4_UNICAST, IPV6_UNICAST), second.endOfRibs());
        assertEquals(1, rib.updateGroups().size());
    }

    @Test
    void maximumPrefixOutHoldsBackAndReleasesWhenThereIsRoom() {
        Rib rib = new Rib();
        rib.setPolicy("a", new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(), 2));
        RecordingSink s = RecordingSink.peerUp(rib, peer("a", "198.18.0.2"));
        rib.replaceSource("static", statics(A, B, C, Prefix.parse("2001:db8::/48")));
        assertEquals(3, s.table().size(), "two IPv4 and the IPv6 one: the limit is per family");
        Prefix held = List.of(A, B, C).stream().filter(p -> !s.table().contains(p)).findFirst().orElseThrow();
        RouteExplanation.PeerVerdict v = rib.explain(held).peers().getFirst();
        assertEquals(Verdict.MAX_PREFIX_OUT, v.verdict());
        assertEquals("maximum-prefix-out 2 reached", v.reason());
        assertEquals(1, rib.updateGroups().getFirst().heldBack());
        Prefix other = List.of(A, B, C).stream().filter(p -> p != held).findFirst().orElseThrow();
        rib.change("static", List.of(), List.of(other));
        assertTrue(s.table().contains(held), "released once the other was withdrawn");
        assertEquals(0, rib.updateGroups().getFirst().heldBack());
        assertEquals(Map.of(IPV4_UNICAST, 2, IPV6_UNICAST, 1), rib.updateGroups().getFirst().sent());
    }

    @Test
    void policyChangeMovesThePeerAndSendsOnlyTheDifference() {
        Rib rib = new Rib();
        rib.replaceSource("static", statics(A, B));
        RecordingSink s = RecordingSink.peerUp(rib, peer("a", "198.18.0.2"));
        int before = s.updates.size();
        ExportPolicy onlyA = new ExportPolicy(Set.of(), List.of(PrefixRange.exact(A)), List.of(), COMMUNITY.actions(),
                List.of(), 0);
        rib.setPolicy("a", onlyA);
        List<Update> delta = s.updates.subList(before, s.updates.size());
        assertEquals(2, delta.size(), delta.toString());
        assertEquals(List.of(B), delta.get(0).withdrawn());
        assertEquals(List.of(A), delta.get(1).nlri());
        assertTrue(delta.get(1).attributes().stream().anyMatch(x -> x instanceof PathAttribute.Communities),
                "A re-announced with the community");
        assertEquals(Set.of(A), s.table());
        rib.setPolicy("a", onlyA);
        assertEquals(before + 2, s.updates.size(), "the same policy again changes nothing");
    }

    @Test
    void routeRefreshResendsThatFamilysAdjRibOut() {
        Rib rib = new Rib();
        rib.replaceSource("static", statics(A, B, Prefix.parse("2001:db8::/48")));
        RecordingSink s = RecordingSink.peerUp(rib, peer("a", "198.18.0.2"));
        int before = s.updates.size();
        rib.routeRefresh("a", IPV4_UNICAST);
        List<Update> again = s.updates.subList(before, s.updates.size());
        assertEquals(1, again.size());
        assertEquals(List.of(B, A), again.getFirst().nlri());
        rib.routeRefresh("nobody", IPV4_UNICAST); // ignored
    }

    @Test
    void enhancedRouteRefreshBracketsTheAnswerWithBorrAndEorr() {
        Rib rib = new Rib();
        rib.replaceSource("static", statics(A, B));
        RecordingSink s = new RecordingSink();
        rib.peerUp(new PeerSessionInfo("a", 65010, 65001, Set.of(IPV4_UNICAST, IPV6_UNICAST), Set.of(),
                Sessions.addr("198.18.0.2"), Optional.empty(), Optional.of(Sessions.addr("fd00:18::2")), 4096, true, true), s);
        int before = s.messages.size();
        rib.routeRefresh("a", IPV4_UNICAST);
        List<dev.herald.codec.BgpMessage> answer = s.messages.subList(before, s.messages.size());
        assertEquals(3, answer.size(), answer.toString());
        assertEquals(new dev.herald.codec.RouteRefresh(1, 1, 1), answer.get(0), "BoRR for IPv4 unicast");
        assertEquals(List.of(B, A), ((Update) answer.get(1)).nlri());
        assertEquals(new dev.herald.codec.RouteRefresh(1, 2, 1), answer.get(2), "EoRR");
        int flushes = s.flushes;
        rib.routeRefresh("a", IPV6_UNICAST); // nothing to send: still BoRR and EoRR, and written out
        assertEquals(List.of(new dev.herald.codec.RouteRefresh(2, 1, 1), new dev.herald.codec.RouteRefresh(2, 2, 1)),
                s.messages.subList(before + 3, s.messages.size()));
        assertTrue(s.flushes > flushes);

        RecordingSink plain = RecordingSink.peerUp(rib, peer("b", "198.18.0.2"));
        int plainBefore = plain.messages.size();
        rib.routeRefresh("b", IPV4_UNICAST);
        assertTrue(plain.messages.subList(plainBefore, plain.messages.size()).stream().allMatch(m -> m instanceof Update),
                "no BoRR/EoRR without the capability");
    }

    @Test
    void coalescingDropsWhatComesAndGoesAndPacksTheRest() {
        Rib rib = new Rib();
        RecordingSink s = RecordingSink.peerUp(rib, peer("a", "198.18.0.2"));
        int before = s.updates.size();
        rib.setAutoFlush(false);
        List<Prefix> many = IntStream.range(0, 300).mapToObj(i -> Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"))
                .toList();
        for (Prefix p : many) {
            rib.change("static", List.of(p), List.of()); // one change at a time, as a kernel would
        }
        rib.change("static", List.of(A), List.of());
        rib.change("static", List.of(), List.of(A));
        assertEquals(before, s.updates.size(), "nothing before the flush");
        assertTrue(rib.hasPending());
        rib.flush();
        List<Update> out = s.updates.subList(before, s.updates.size());
        assertEquals(1, out.size(), "300 prefixes with one attribute set fit one UPDATE");
        assertEquals(300, out.getFirst().nlri().size());
        assertTrue(!s.table().contains(A), "A came and went within the window: never sent");
        assertTrue(s.updates.stream().noneMatch(u -> u.withdrawn().contains(A)));
    }

    @Test
    void peersComingUpTogetherShareOneInitialTableEncodedOnce() {
        Rib rib = new Rib();
        rib.setAutoFlush(false);
        rib.replaceSource("static", statics(A, B));
        EncodedSink a = new EncodedSink();
        EncodedSink b = new EncodedSink();
        rib.peerUp(peer("a", "198.18.0.2"), a);
        rib.change("static", List.of(C), List.of(B)); // before the flush: part of the initial table, not a delta
        rib.peerUp(peer("b", "198.18.0.2"), b);
        assertTrue(rib.hasPending(), "initial tables wait for the flush");
        assertEquals(0, a.raw.size());
        rib.flush();
        assertEquals(a.raw, b.raw, "the same bytes for both");
        assertEquals(Set.of(A, C), a.table());
        assertEquals(List.of(IPV4_UNICAST, IPV6_UNICAST), a.endOfRibs());
        assertEquals(3, a.raw.size(), "one UPDATE for A and C, two End-of-RIBs: " + a.updates);
        assertEquals(List.of("a", "b"), rib.updateGroups().getFirst().members());
        // Now in sync: deltas reach both.
        rib.change("static", List.of(B), List.of());
        rib.flush();
        assertEquals(Set.of(A, B, C), b.table());
        assertEquals(a.raw, b.raw);
    }
}
