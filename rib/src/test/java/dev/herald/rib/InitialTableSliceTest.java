package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.rib.SlicedTables.N;
import static dev.herald.rib.SlicedTables.drain;
import static dev.herald.rib.SlicedTables.peer;
import static dev.herald.rib.SlicedTables.prefixes;
import static dev.herald.rib.SlicedTables.rib;
import static dev.herald.rib.SlicedTables.synced;
import static dev.herald.rib.SlicedTables.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A joining peer's initial table goes out in slices, one per flush, and the deltas of the members
 * already in sync go out between them (issue 5: "a peer joining or resyncing gets a full table
 * without delaying the others' deltas"). Driven flush by flush, as the RIB thread does.
 */
class InitialTableSliceTest {
    private static final Prefix X = Prefix.parse("203.0.113.0/24");

    @Test
    void aDeltaReachesTheMembersInSyncWhileAJoiningPeersTableIsStillBeingSent() {
        Rib rib = rib(prefixes());
        RecordingSink a = RecordingSink.peerUp(rib, peer("a"));
        assertTrue(drain(rib) >= N / 100, "the first table, too, goes out in slices");
        assertEquals(N, a.table().size());
        assertEquals(List.of(IPV4_UNICAST), a.endOfRibs());

        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush(); // b's first slice
        assertTrue(rib.syncing());
        assertTrue(b.endOfRibs().isEmpty(), "b's table is not complete yet");
        Set<Prefix> bHas = b.table();
        assertTrue(bHas.size() >= 100 && bHas.size() < N, "one slice: " + bHas.size());
        Prefix alreadySent = bHas.iterator().next();
        Prefix notYetSent = prefixes().stream().filter(p -> !bHas.contains(p)).findFirst().orElseThrow();

        int aBefore = a.updates.size();
        rib.change("static", List.of(X), List.of(alreadySent, notYetSent));
        rib.flush(); // the delta, and b's next slice
        List<Update> delta = a.updates.subList(aBefore, a.updates.size());
        assertEquals(2, delta.size(), "a hears the change at once (withdrawals, then the announcement): " + delta);
        assertEquals(Set.of(alreadySent, notYetSent), new HashSet<>(delta.get(0).withdrawn()));
        assertEquals(List.of(X), delta.get(1).nlri());
        assertTrue(b.endOfRibs().isEmpty(), "while b's initial table is still on its way");
        assertTrue(rib.syncing());

        int rest = drain(rib);
        assertTrue(rest > 1, "more slices followed: " + rest);
        assertEquals(List.of(IPV4_UNICAST), b.endOfRibs());
        assertTrue(b.updates.getLast().endOfRibFamily().isPresent(), "End-of-RIB comes last");
        assertEquals(a.table(), b.table(), "b ends with what a holds");
        assertTrue(b.table().contains(X));
        assertFalse(b.table().contains(alreadySent), "withdrawn after it had been sent");
        assertTrue(b.updates.stream().noneMatch(u -> u.nlri().contains(notYetSent)), "gone before the walk reached it");
        assertEquals(1, b.updates.stream().filter(u -> u.nlri().contains(X)).count(), "X once");
        assertEquals(aBefore + 2, a.updates.size(), "a heard nothing of b's table");
        assertEquals(Map.of(IPV4_UNICAST, N - 1), rib.updateGroups().getFirst().sent());

        int bBefore = b.updates.size();
        rib.change("static", List.of(), List.of(X));
        rib.flush();
        assertEquals(bBefore + 1, b.updates.size(), "b gets deltas like a now");
        assertEquals(a.table(), b.table());
    }

    @Test
    void aNewGroupIsAdmittedInSlicesAndCountsRight() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a"));
        rib.setPolicy("c", new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(), 500));
        RecordingSink c = RecordingSink.peerUp(rib, peer("c"));
        rib.flush();
        rib.flush();
        assertTrue(rib.syncing());
        Set<Prefix> cHas = c.table();
        Prefix sent = cHas.iterator().next();
        rib.change("static", List.of(X), List.of(sent)); // makes room under maximum-prefix-out
        int flushes = drain(rib);
        assertTrue(flushes > 1, "in slices: " + flushes);
        assertEquals(500, c.table().size(), "maximum-prefix-out 500");
        assertFalse(c.table().contains(sent));
        UpdateGroupStatus g = rib.updateGroups().stream().filter(s -> s.members().contains("c")).findFirst().orElseThrow();
        assertEquals(Map.of(IPV4_UNICAST, 500), g.sent());
        assertEquals(N - 500, g.heldBack(), "N - 1 + 1 offered, 500 sent");
        assertEquals(N, a.table().size(), "a: one withdrawn, X added");
    }

    @Test
    void aPeerLeavingMidTableEndsItsTableAndTheNextJoinerStartsClean() {
        Rib rib = rib(prefixes());
        rib.setPolicy("c", new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(), 500));
        rib.setPolicy("d", new ExportPolicy(Set.of(), List.of(), List.of(), ExportActions.INHERIT, List.of(), 500));
        RecordingSink c = RecordingSink.peerUp(rib, peer("c"));
        rib.flush();
        rib.flush();
        rib.peerDown("c");
        int cHeard = c.updates.size();
        assertFalse(rib.syncing());
        assertTrue(rib.updateGroups().isEmpty());
        RecordingSink d = synced(rib, peer("d"));
        assertEquals(cHeard, c.updates.size(), "nothing more for c");
        assertEquals(500, d.table().size());
        assertEquals(Map.of(IPV4_UNICAST, 500), rib.updateGroups().getFirst().sent());
    }

    @Test
    void aPolicyChangeMidTableStartsOverInTheNewGroup() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a"));
        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush();
        Prefix first = prefixes().getFirst();
        ExportPolicy notFirst = new ExportPolicy(Set.of(), List.of(), List.of(PrefixRange.exact(first)),
                ExportActions.INHERIT, List.of(), 0);
        rib.setPolicy("b", notFirst);
        drain(rib);
        Set<Prefix> expected = without(prefixes(), first);
        assertEquals(expected, b.table());
        assertEquals(List.of(IPV4_UNICAST), b.endOfRibs(), "one End-of-RIB, after its new group's table");
        assertEquals(2, rib.updateGroups().size());
    }

    @Test
    void aRouteRefreshOfALargeTableIsAnsweredInSlicesBetweenTheDeltas() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a", true));
        int before = a.messages.size();
        rib.routeRefresh("a", IPV4_UNICAST);
        assertEquals(new dev.herald.codec.RouteRefresh(1, 1, 1), a.messages.get(before), "BoRR at once");
        rib.flush(); // the first slice
        assertTrue(rib.syncing(), "more slices to come");
        Set<Prefix> resent = new HashSet<>();
        a.messages.subList(before, a.messages.size()).forEach(m -> {
            if (m instanceof Update u) {
                resent.addAll(u.nlri());
            }
        });
        Prefix gone = prefixes().stream().filter(p -> !resent.contains(p)).findFirst().orElseThrow();
        int mark = a.messages.size();
        rib.change("static", List.of(X), List.of(gone));
        rib.flush();
        List<dev.herald.codec.BgpMessage> next = a.messages.subList(mark, a.messages.size());
        assertTrue(next.stream().anyMatch(m -> m instanceof Update u && u.withdrawn().contains(gone)),
                "the delta goes out while the answer is on its way: " + next);
        assertTrue(next.stream().anyMatch(m -> m instanceof Update u && u.nlri().contains(X)));
        assertTrue(drain(rib) > 1);

        List<dev.herald.codec.BgpMessage> answer = a.messages.subList(before, a.messages.size());
        assertEquals(new dev.herald.codec.RouteRefresh(1, 2, 1), answer.getLast(), "EoRR last");
        assertEquals(2, answer.stream().filter(m -> m instanceof dev.herald.codec.RouteRefresh).count());
        Set<Prefix> between = new HashSet<>();
        answer.forEach(m -> {
            if (m instanceof Update u) {
                between.addAll(u.nlri());
            }
        });
        Set<Prefix> expected = without(prefixes(), gone);
        expected.add(X);
        assertEquals(expected, between, "every prefix the peer keeps was sent between BoRR and EoRR");
        assertEquals(expected, a.table());
        assertTrue(answer.stream().noneMatch(m -> m instanceof Update u && u.nlri().contains(gone)), "never re-sent");
    }
}
