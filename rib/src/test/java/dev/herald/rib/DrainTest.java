package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.rib.SentRoutes.attr;
import static dev.herald.rib.SentRoutes.held;
import static dev.herald.rib.SentRoutes.wire;
import static dev.herald.rib.SlicedTables.drain;
import static dev.herald.rib.SlicedTables.med;
import static dev.herald.rib.SlicedTables.peer;
import static dev.herald.rib.SlicedTables.prefixes;
import static dev.herald.rib.SlicedTables.rib;
import static dev.herald.rib.SlicedTables.synced;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFC 8326 drain as an overlay on the export policy: exactly the GRACEFUL_SHUTDOWN community, LOCAL_PREF
 * 0 (iBGP) and the configured prepend (eBGP) change, and undrain sends the very UPDATEs of before.
 */
class DrainTest {
    private static final Drain PREPEND_2 = new Drain(2);

    private static PeerSessionInfo ibgp(String name) {
        return new PeerSessionInfo(name, 65010, 65010, Set.of(IPV4_UNICAST), Set.of(), Sessions.addr("198.18.0.2"),
                Optional.empty(), Optional.empty(), 4096, true, false);
    }




    @Test
    void drainChangesExactlyTheNamedAttributesAndUndrainSendsTheSameUpdatesAgain() {
        ExportPolicy policy = med(10);
        Rib rib = rib(prefixes());
        rib.setPolicy("e", policy);
        rib.setPolicy("i", policy);
        RecordingSink e = synced(rib, peer("e"));
        RecordingSink i = synced(rib, ibgp("i"));
        Map<Prefix, List<PathAttribute>> eBefore = held(e, 0);
        Map<Prefix, List<PathAttribute>> iBefore = held(i, 0);
        List<byte[]> eFirst = wire(e, 0);

        int eMark = e.updates.size();
        int iMark = i.updates.size();
        rib.setPolicy("e", policy.withDrain(PREPEND_2));
        rib.setPolicy("i", policy.withDrain(PREPEND_2));
        drain(rib);
        Map<Prefix, List<PathAttribute>> eDrained = held(e, eMark);
        Map<Prefix, List<PathAttribute>> iDrained = held(i, iMark);
        assertEquals(eBefore.keySet(), eDrained.keySet(), "every prefix re-announced to the eBGP peer");
        assertEquals(iBefore.keySet(), iDrained.keySet(), "every prefix re-announced to the iBGP peer");
        for (Prefix p : eBefore.keySet()) {
            List<PathAttribute> was = eBefore.get(p);
            List<PathAttribute> now = eDrained.get(p);
            assertArrayEquals(new long[] {Drain.GRACEFUL_SHUTDOWN}, attr(now, PathAttribute.Communities.class).values().toArray());
            assertEquals(PathAttribute.AsPath.sequence(65010, 65010, 65010), attr(now, PathAttribute.AsPath.class));
            assertEquals(PathAttribute.AsPath.sequence(65010), attr(was, PathAttribute.AsPath.class));
            assertEquals(others(was), others(now), "nothing else changes toward eBGP");
            assertEquals(null, attr(now, PathAttribute.LocalPref.class), "no LOCAL_PREF toward eBGP");
        }
        for (Prefix p : iBefore.keySet()) {
            List<PathAttribute> was = iBefore.get(p);
            List<PathAttribute> now = iDrained.get(p);
            assertEquals(0, attr(now, PathAttribute.LocalPref.class).value());
            assertEquals(100, attr(was, PathAttribute.LocalPref.class).value());
            assertArrayEquals(new long[] {Drain.GRACEFUL_SHUTDOWN}, attr(now, PathAttribute.Communities.class).values().toArray());
            assertEquals(PathAttribute.AsPath.EMPTY, attr(now, PathAttribute.AsPath.class), "no prepend toward iBGP");
            assertEquals(others(was), others(now), "nothing else changes toward iBGP");
        }

        int eUndrain = e.updates.size();
        rib.setPolicy("e", policy);
        drain(rib);
        List<byte[]> again = wire(e, eUndrain);
        assertEquals(eFirst.size(), again.size(), "undrain sends as many UPDATEs as the first table (less End-of-RIB)");
        for (int k = 0; k < again.size(); k++) {
            assertArrayEquals(eFirst.get(k), again.get(k), "UPDATE " + k + " after undrain");
        }
    }

    /** What a drain must leave alone: all but COMMUNITIES, AS_PATH and LOCAL_PREF. */
    private static List<PathAttribute> others(List<PathAttribute> attrs) {
        return attrs.stream().filter(a -> !(a instanceof PathAttribute.Communities || a instanceof PathAttribute.AsPath
                || a instanceof PathAttribute.LocalPref)).toList();
    }

    @Test
    void aRuleCannotUndoTheDrainAndTheCommunityIsNotDoubled() {
        ExportActions rule = new ExportActions(null, null, List.of(Drain.GRACEFUL_SHUTDOWN, 65001L << 16 | 7), List.of(),
                List.of(), null, java.util.OptionalLong.of(300), 1);
        ExportActions got = new Drain(3).apply(ExportActions.DEFAULTS.then(rule));
        assertEquals(List.of(Drain.GRACEFUL_SHUTDOWN, 65001L << 16 | 7), got.communities());
        assertEquals(0, got.localPref().getAsLong());
        assertEquals(4, got.prepend(), "the drain's prepends come on top of the policy's");
        assertEquals(64, new Drain(64).apply(got).prepend(), "capped at 64");
    }

    @Test
    void aDrainDuringASlicedInitialTableEndsWithEveryPrefixDrained() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a"));
        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush(); // b's first slice is out, nine to go
        assertTrue(rib.syncing());
        int aMark = a.updates.size();

        rib.setPolicy("b", ExportPolicy.DEFAULT.withDrain(new Drain(0)));
        rib.setPolicy("a", ExportPolicy.DEFAULT.withDrain(new Drain(0)));
        drain(rib);

        for (RecordingSink s : List.of(a, b)) {
            Map<Prefix, List<PathAttribute>> last = held(s, s == a ? aMark : 0);
            assertEquals(new HashSet<>(prefixes()), last.keySet());
            long undrained = last.values().stream().filter(attrs -> {
                PathAttribute.Communities c = attr(attrs, PathAttribute.Communities.class);
                return c == null || c.values().stream().noneMatch(v -> v == Drain.GRACEFUL_SHUTDOWN);
            }).count();
            assertEquals(0, undrained, "prefixes whose last announcement lacks 65535:0");
        }
        assertFalse(rib.syncing());
    }
}
