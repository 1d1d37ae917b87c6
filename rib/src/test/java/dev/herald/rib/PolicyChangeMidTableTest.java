package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.rib.SlicedTables.drain;
import static dev.herald.rib.SlicedTables.med;
import static dev.herald.rib.SlicedTables.peer;
import static dev.herald.rib.SlicedTables.prefixes;
import static dev.herald.rib.SlicedTables.rib;
import static dev.herald.rib.SlicedTables.synced;
import static dev.herald.rib.SlicedTables.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 1: a peer whose policy changes while an initial table is still going out in
 * slices waits for a table of its own; what changes meanwhile must still reach it (RFC 4271
 * 9.1.3: a withdrawn route is withdrawn from every Adj-RIB-Out that holds it).
 */
class PolicyChangeMidTableTest {
    private static final Prefix X = Prefix.parse("203.0.113.0/24");
    /** Differs from the default only in the MED, so both groups send every prefix. */
    private static final ExportPolicy MED_10 = med(10);
    private static final ExportPolicy MED_20 = med(20);

    /** The fixture's prefixes and X. */
    private static List<Prefix> table() {
        List<Prefix> out = new ArrayList<>(prefixes());
        out.add(X);
        return out;
    }

    @Test
    void aWithdrawalWhileParkedForTheNewGroupsTableReachesThePeer() {
        Rib rib = rib(table());
        RecordingSink a = synced(rib, peer("a"));
        assertTrue(a.table().contains(X));

        rib.setPolicy("b", MED_10);
        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush(); // b's first slice: its group's table is on its way
        assertTrue(rib.syncing());

        rib.setPolicy("a", MED_10); // a waits for that group's table to end, then gets one of its own
        rib.change("static", List.of(), List.of(X));
        drain(rib);

        Set<Prefix> expected = without(table(), X);
        assertEquals(expected, b.table());
        assertFalse(a.table().contains(X), "a was never told X is gone");
        assertEquals(expected, a.table());
    }

    @Test
    void aWithdrawalAfterAPolicyChangeMidOwnTableReachesThePeer() {
        Rib rib = rib(table());
        RecordingSink b = RecordingSink.peerUp(rib, peer("b"));
        rib.flush(); // b's first slice
        Prefix got = b.table().iterator().next();

        rib.setPolicy("b", MED_10); // its table starts over in the new group
        rib.change("static", List.of(), List.of(got));
        drain(rib);

        assertFalse(b.table().contains(got), "b got it in its first table and was never told it is gone");
        Set<Prefix> expected = without(table(), got);
        assertEquals(expected, b.table());
        assertEquals(List.of(IPV4_UNICAST), b.endOfRibs(), "End-of-RIB once, after its new group's table");
    }

    @Test
    void aSecondPolicyChangeWhileWaitingKeepsWhatThePeerHoldsFromBefore() {
        Rib rib = rib(table());
        RecordingSink a = synced(rib, peer("a"));
        rib.setPolicy("b", MED_10);
        rib.peerUp(peer("b"), new RecordingSink());
        rib.flush();

        rib.setPolicy("a", MED_10); // waits for b's table to end
        rib.setPolicy("a", MED_20); // and starts over in a third group before its own table began
        rib.change("static", List.of(), List.of(X));
        drain(rib);

        Set<Prefix> expected = without(table(), X);
        assertFalse(a.table().contains(X), "a still holds X from its first group");
        assertEquals(expected, a.table());
    }

    @Test
    void configuringThePolicyAPeerHadByDefaultMidTableLetsItsTableGoOn() {
        Rib rib = rib(table());
        RecordingSink b = new RecordingSink();
        rib.peerUp(peer("b"), b); // alone in its group: leaving it would end the group
        rib.flush();

        rib.setPolicy("b", ExportPolicy.DEFAULT);
        drain(rib);

        assertEquals(new HashSet<>(table()), b.table());
        assertEquals(List.of(IPV4_UNICAST), b.endOfRibs());
        assertEquals(table().size(), b.updates.stream().mapToInt(u -> u.nlri().size()).sum(),
                "each prefix announced once: the rest of its table, not a second one");
    }
}
