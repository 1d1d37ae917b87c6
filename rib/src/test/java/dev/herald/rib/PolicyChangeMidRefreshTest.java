package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
import static dev.herald.rib.SlicedTables.drain;
import static dev.herald.rib.SlicedTables.med;
import static dev.herald.rib.SlicedTables.peer;
import static dev.herald.rib.SlicedTables.prefixes;
import static dev.herald.rib.SlicedTables.rib;
import static dev.herald.rib.SlicedTables.synced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.Prefix;
import dev.herald.codec.RouteRefresh;
import dev.herald.codec.Update;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A policy change while an enhanced ROUTE-REFRESH answer is going out in slices: the answer still
 * ends with its EoRR, and every route the peer keeps is sent between BoRR and EoRR (RFC 7313 4: the
 * peer drops at EoRR what it did not hear since the BoRR, and a BoRR left open makes it drop its
 * stale routes on its own timer).
 */
class PolicyChangeMidRefreshTest {
    private static final RouteRefresh BORR = new RouteRefresh(1, RouteRefreshes.BORR, 1);
    private static final RouteRefresh EORR = new RouteRefresh(1, RouteRefreshes.EORR, 1);
    private static final ExportPolicy MED_10 = med(10);

    private static Set<Prefix> table() {
        return new HashSet<>(prefixes());
    }

    /** The messages from the last BoRR on, checked to end with an EoRR; the prefixes announced between. */
    private static Set<Prefix> answer(RecordingSink s) {
        int borr = s.messages.lastIndexOf(BORR);
        assertTrue(borr >= 0, "a BoRR was sent");
        List<BgpMessage> answer = s.messages.subList(borr, s.messages.size());
        assertEquals(EORR, answer.getLast() instanceof RouteRefresh r ? r : null, "the answer ends with its EoRR");
        Set<Prefix> announced = new HashSet<>();
        answer.forEach(m -> {
            if (m instanceof Update u) {
                announced.addAll(u.nlri());
            }
        });
        return announced;
    }

    @Test
    void anAnswerCutShortByAMoveToAnotherGroupGoesOnThere() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a", true));
        rib.routeRefresh("a", IPV4_UNICAST);
        rib.flush(); // the first slice of the answer

        rib.setPolicy("a", MED_10); // a group nobody is syncing with: a moves at once and hears the difference
        drain(rib);

        assertEquals(table(), answer(a), "every route a keeps was sent after the BoRR");
        assertEquals(table(), a.table());
    }

    @Test
    void anAnswerCutShortByANewTableEndsAfterThatTable() {
        Rib rib = rib(prefixes());
        RecordingSink a = synced(rib, peer("a", true));
        rib.setPolicy("b", MED_10);
        rib.peerUp(peer("b", true), new RecordingSink());
        rib.flush(); // b's table is on its way
        rib.routeRefresh("a", IPV4_UNICAST);
        rib.flush();

        rib.setPolicy("a", MED_10); // a waits for b's table, then gets a table of its own
        drain(rib);

        assertEquals(table(), answer(a));
        List<BgpMessage> tail = new ArrayList<>(a.messages.subList(a.messages.size() - 2, a.messages.size()));
        assertEquals(Optional.of(IPV4_UNICAST), ((Update) tail.getFirst()).endOfRibFamily(), "End-of-RIB, then EoRR");
        assertEquals(table(), a.table());
    }
}
