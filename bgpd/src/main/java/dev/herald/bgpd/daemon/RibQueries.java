package dev.herald.bgpd.daemon;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import dev.herald.rib.AdjRibOutEntry;
import dev.herald.rib.PeerStatus;
import dev.herald.rib.RouteExplanation;
import dev.herald.rib.UpdateGroupStatus;
import java.util.List;
import java.util.Map;

/**
 * The admin API's and the metrics' reads of the RIB. Each runs on the RIB thread after what is
 * pending for it, and waits for the answer.
 */
public final class RibQueries {
    private final RibExecutor rib;

    RibQueries(RibExecutor rib) {
        this.rib = rib;
    }

    /** Prefixes each source offers in the RIB (winning or not). */
    public Map<String, Integer> prefixesBySource() throws InterruptedException {
        return rib.query(r -> r.prefixesBySource());
    }

    /** Prefixes in the RIB's origin table. */
    public int size() throws InterruptedException {
        return rib.query(r -> r.size());
    }

    /** Per-peer status as the RIB sees it. */
    public List<PeerStatus> peerStatus() throws InterruptedException {
        return rib.query(r -> r.status());
    }

    /**
     * Why {@code prefix} is or is not announced: the source object behind it, the losing
     * candidates, and per peer sent or the reason (for {@code herald routes --explain}).
     */
    public RouteExplanation explain(Prefix prefix) throws InterruptedException {
        return rib.query(r -> r.explain(prefix));
    }

    /** A peer's Adj-RIB-Out sorted by prefix, of one family or (null) all; empty when it is not Established. */
    public List<AdjRibOutEntry> adjRibOut(String peer, Family family) throws InterruptedException {
        return rib.query(r -> r.adjRibOut(peer, family));
    }

    /** The update groups: peers sent the same UPDATEs. */
    public List<UpdateGroupStatus> updateGroups() throws InterruptedException {
        return rib.query(r -> r.updateGroups());
    }
}
