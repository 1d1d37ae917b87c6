package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.RouteRefresh;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Answers to a peer's ROUTE-REFRESH (RFC 2918): its Adj-RIB-Out of one family sent again, between a
 * BoRR and an EoRR when enhanced route refresh was negotiated (RFC 7313), so the peer can drop what
 * it held and was not re-sent.
 */
final class RouteRefreshes {
    private static final System.Logger LOG = System.getLogger("rib");
    /** RFC 7313 ROUTE-REFRESH subtypes: Beginning and End of Route Refresh. */
    static final int BORR = 1;
    static final int EORR = 2;

    private RouteRefreshes() {
    }

    /**
     * Answers {@code m}'s request for {@code family}: at once when the table is small and the peer
     * can write, else as slices of a copy; true when slices wait for the owner's flush.
     */
    static boolean answer(UpdateGroup.Member m, Family family, OriginTable origin, int syncChunk) {
        UpdateGroup g = m.group;
        if (g.syncing(m)) {
            LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} while its initial table is on its way: that table answers it",
                    m.name(), family);
            return false;
        }
        boolean enhanced = m.session.enhancedRouteRefresh();
        // A new request for the same family starts the answer over (RFC 7313 4: a new BoRR).
        g.dropAnswer(m, family);
        if (origin.size() > syncChunk || !m.writable) {
            // A large table: answered in slices between the deltas, like an initial table (ADR 0005); and a
            // peer that cannot write now gets its answer when it can, a slice at a time (ADR 0012).
            if (enhanced) {
                m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), BORR, family.safi().code()));
                g.refreshStarts(m, family);
            }
            g.answer(new RefreshAnswer(m, origin.snapshot(), family, enhanced));
            return true;
        }
        g.detach(m);
        UpdateBatch batch = new UpdateBatch();
        origin.forEach((p, v) -> {
            if (Exporter.familyOf(p).equals(family)) {
                Advertisement a = g.view(p, OriginTable.winner(v));
                if (a != null) {
                    batch.announce(a, p);
                    if (m.lane != null) {
                        m.lane.sent(p);
                    }
                }
            }
        });
        if (enhanced) {
            m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), BORR, family.safi().code()));
            g.refreshStarts(m, family);
        }
        g.send(batch, List.of(m));
        if (enhanced) {
            g.sendPendingOf(m, family, origin);
            m.sink.sendRouteRefresh(new RouteRefresh(family.afi().code(), EORR, family.safi().code()));
            m.sink.flush();
        }
        LOG.log(Level.INFO, "peer {0}: ROUTE-REFRESH {1} answered with {2} routes{3}", m.name(), family,
                batch.announced(), enhanced ? " between BoRR and EoRR" : "");
        return false;
    }
}
