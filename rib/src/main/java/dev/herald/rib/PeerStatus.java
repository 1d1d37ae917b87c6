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
 * @param healthHolds     the Down health checks holding back or degrading routes it would be sent
 */
public record PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised,
                         int pendingPrefixes, long queuedBytes, java.util.List<HealthHold> healthHolds) {
    public PeerStatus {
        nextHops = Map.copyOf(nextHops);
        advertised = Map.copyOf(advertised);
        healthHolds = java.util.List.copyOf(healthHolds);
    }

    /** A peer no health check holds anything back from. */
    public PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised,
                      int pendingPrefixes, long queuedBytes) {
        this(peerName, nextHops, advertised, pendingPrefixes, queuedBytes, java.util.List.of());
    }

    /** A peer with nothing waiting. */
    public PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised) {
        this(peerName, nextHops, advertised, 0, 0);
    }
}
