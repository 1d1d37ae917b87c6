package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;
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
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A policy change while an enhanced ROUTE-REFRESH answer is going out in slices: the answer still
 * ends with its EoRR, and every route the peer keeps is sent between BoRR and EoRR (RFC 7313 4: the
 * peer drops at EoRR what it did not hear since the BoRR, and a BoRR left open makes it drop its
 * stale routes on its own timer).
 */
class PolicyChangeMidRefreshTest {
    private static final int N = 1000;
    private static final RouteRefresh BORR = new RouteRefresh(1, Rib.BORR, 1);
    private static final RouteRefresh EORR = new RouteRefresh(1, Rib.EORR, 1);
    private static final ExportPolicy MED_10 = new ExportPolicy(Set.of(), List.of(), List.of(),
            new ExportActions(null, null, List.of(), List.of(), List.of(), new MedChoice.Fixed(10),
                    OptionalLong.empty(), -1), List.of(), 0);

    private static PeerSessionInfo peer(String name) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(IPV4_UNICAST), Set.of(), Sessions.addr("198.18.0.2"),
                Optional.empty(), Optional.empty(), 4096, true, true);
    }

    private static Set<Prefix> table() {
        Set<Prefix> out = new HashSet<>();
        for (int i = 0; i < N; i++) {
            out.add(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"));
        }
        return out;
    }

    private static Rib rib() {
        Rib rib = new Rib();
        rib.setAutoFlush(false);
        rib.setSyncChunk(100);
        rib.replaceSource("static", table().stream().map(p -> new Route(p, "static")).toList());
        return rib;
    }

    private static void drain(Rib rib) {
        do {
            rib.flush();
        } while (rib.syncing());
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
        Rib rib = rib();
        RecordingSink a = new RecordingSink();
        rib.peerUp(peer("a"), a);
        drain(rib);
        rib.routeRefresh("a", IPV4_UNICAST);
        rib.flush(); // the first slice of the answer

        rib.setPolicy("a", MED_10); // a group nobody is syncing with: a moves at once and hears the difference
        drain(rib);

        assertEquals(table(), answer(a), "every route a keeps was sent after the BoRR");
        assertEquals(table(), a.table());
    }

    @Test
    void anAnswerCutShortByANewTableEndsAfterThatTable() {
        Rib rib = rib();
        RecordingSink a = new RecordingSink();
        rib.peerUp(peer("a"), a);
        drain(rib);
        rib.setPolicy("b", MED_10);
        rib.peerUp(peer("b"), new RecordingSink());
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
