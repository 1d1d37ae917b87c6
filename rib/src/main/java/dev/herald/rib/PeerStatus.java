package dev.herald.rib;

import dev.herald.codec.Family;
import java.util.Map;

/**
 * What the RIB knows of one Established peer, for status output.
 *
 * @param peerName   the configured peer name
 * @param nextHops   per negotiated family: the next hop used, or why that family is held back
 * @param advertised per negotiated family: prefixes in the Adj-RIB-Out
 */
public record PeerStatus(String peerName, Map<Family, NextHop> nextHops, Map<Family, Integer> advertised) {
    public PeerStatus {
        nextHops = Map.copyOf(nextHops);
        advertised = Map.copyOf(advertised);
    }
}
