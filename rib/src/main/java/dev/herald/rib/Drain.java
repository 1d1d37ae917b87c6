package dev.herald.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The RFC 8326 graceful-shutdown overlay on a peer's export policy: applied after every rule, so no
 * rule can undo it. Every route gets the GRACEFUL_SHUTDOWN community (65535:0), LOCAL_PREF 0 toward
 * iBGP peers (RFC 8326 section 4.1: the receiver of an iBGP route cannot be asked to act on the
 * community) and, toward eBGP peers, {@code prepend} more copies of herald's AS on top of the policy's.
 *
 * @param prepend extra AS-path prepends toward eBGP peers while drained, 0..64
 */
public record Drain(int prepend) {
    /** RFC 8326 GRACEFUL_SHUTDOWN, 65535:0. */
    public static final long GRACEFUL_SHUTDOWN = 0xFFFF0000L;
    /** The LOCAL_PREF RFC 8326 section 4.1 recommends for a drained route. */
    public static final long LOCAL_PREF = 0;

    public Drain {
        if (prepend < 0 || prepend > 64) {
            throw new IllegalArgumentException("drain prepend must be 0..64, got " + prepend);
        }
    }

    /** {@code a}, the actions a route would be sent with, drained. */
    ExportActions apply(ExportActions a) {
        List<Long> communities = a.communities();
        if (!communities.contains(GRACEFUL_SHUTDOWN)) {
            communities = new ArrayList<>(communities);
            communities.add(GRACEFUL_SHUTDOWN);
        }
        return new ExportActions(a.nextHopIpv4(), a.nextHopIpv6(), communities, a.extendedCommunities(),
                a.largeCommunities(), a.med(), OptionalLong.of(LOCAL_PREF), Math.min(64, Math.max(0, a.prepend()) + prepend));
    }
}
