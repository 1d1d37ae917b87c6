package dev.herald.rib;

import dev.herald.codec.Family;
import java.util.Map;

/**
 * What the RIB knows of one Established peer, for status output.
 *
 * @param peerName   the configured peer name
 * @param nextHops   per negotiated family: the next hop used, or why that family is held back
 * @param advertised per negotiated family: prefixes in the Adj-RIB-Out
 * @param pendingPrefixes prefixes whose latest state waits for the peer to take more bytes
 *                        (at most one entry per prefix, however often it changed)
 * @param queuedBytes     bytes written for the peer and not yet taken by its socket (the
 *                        transport's outbound buffer; 0 where the sink cannot tell)
 */
public record PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised,
                         int pendingPrefixes, long queuedBytes) {
    public PeerStatus {
        nextHops = Map.copyOf(nextHops);
        advertised = Map.copyOf(advertised);
    }

    /** A peer with nothing waiting. */
    public PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised) {
        this(peerName, nextHops, advertised, 0, 0);
    }
}
