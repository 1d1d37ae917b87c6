package dev.herald.rib;

import static dev.herald.codec.Family.IPV4_UNICAST;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The fixture of the tests that drive initial tables and ROUTE-REFRESH answers flush by flush, as
 * the RIB thread does: 1,000 IPv4 prefixes from one source, 100 per slice, coalescing on.
 */
final class SlicedTables {
    static final int N = 1000;

    private SlicedTables() {
    }

    /** An eBGP IPv4 session; {@code enhanced}: with enhanced route refresh (BoRR and EoRR). */
    static PeerSessionInfo peer(String name, boolean enhanced) {
        return new PeerSessionInfo(name, 65010, 65001, Set.of(IPV4_UNICAST), Set.of(), Sessions.addr("198.18.0.2"),
                Optional.empty(), Optional.empty(), 4096, true, enhanced);
    }

    static PeerSessionInfo peer(String name) {
        return peer(name, false);
    }

    /** 10.0.0.0/24, 10.0.1.0/24, ...: {@link #N} of them. */
    static List<Prefix> prefixes() {
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"));
        }
        return out;
    }

    /** A RIB offering {@code table} from "static", with slices of 100 and changes waiting for a flush. */
    static Rib rib(List<Prefix> table) {
        Rib rib = new Rib();
        rib.setAutoFlush(false);
        rib.setSyncChunk(100);
        rib.replaceSource("static", table.stream().map(p -> new Route(p, "static")).toList());
        return rib;
    }

    /** Flushes until no table or answer is on its way; returns how many flushes that took. */
    static int drain(Rib rib) {
        int flushes = 0;
        do {
            rib.flush();
            flushes++;
        } while (rib.syncing());
        return flushes;
    }

    /** Brings {@code peer} up on a fresh sink and lets its whole initial table arrive. */
    static RecordingSink synced(Rib rib, PeerSessionInfo peer) {
        RecordingSink sink = RecordingSink.peerUp(rib, peer);
        drain(rib);
        return sink;
    }

    /** {@code table} as a set, less {@code gone}: what a peer should hold once {@code gone} is withdrawn. */
    static Set<Prefix> without(List<Prefix> table, Prefix gone) {
        Set<Prefix> out = new HashSet<>(table);
        out.remove(gone);
        return out;
    }

    /** Every route, with this MED: a policy that sends what the default does, differently. */
    static ExportPolicy med(long med) {
        return new ExportPolicy(Set.of(), List.of(), List.of(), new ExportActions(null, null, List.of(), List.of(),
                List.of(), new MedChoice.Fixed(med), OptionalLong.empty(), -1), List.of(), 0);
    }
}
