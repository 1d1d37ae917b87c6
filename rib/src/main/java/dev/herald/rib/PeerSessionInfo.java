package dev.herald.rib;

import dev.herald.codec.Family;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * What the RIB needs to know about an Established session to build its Adj-RIB-Out.
 *
 * @param peerName            the configured peer name
 * @param localAsn            herald's AS
 * @param peerAsn             the peer's AS (equal to localAsn means iBGP)
 * @param families            the families negotiated (both sides offered them)
 * @param extendedNextHop     the IPv4-unicast-with-IPv6-next-hop families negotiated (RFC 8950)
 * @param localAddress        the session's own socket address (the default next hop)
 * @param nextHopIpv4         the configured IPv4 next-hop override, if any
 * @param nextHopIpv6         the configured IPv6 next-hop override, if any
 * @param maxMessageLength    4096, or 65535 with extended messages
 * @param fourOctetAs         both sides support 4-octet AS numbers (changes how AS_PATH is encoded)
 * @param enhancedRouteRefresh both sides advertised enhanced route refresh (RFC 7313): a ROUTE-REFRESH
 *                            is answered between BoRR and EoRR (not part of the export context)
 */
public record PeerSessionInfo(String peerName, long localAsn, long peerAsn, Set<Family> families,
                              Set<Family> extendedNextHop, InetAddress localAddress,
                              Optional<InetAddress> nextHopIpv4, Optional<InetAddress> nextHopIpv6,
                              int maxMessageLength, boolean fourOctetAs, boolean enhancedRouteRefresh) {
    public PeerSessionInfo {
        families = Set.copyOf(families);
        extendedNextHop = Set.copyOf(extendedNextHop);
    }

    /** A session without enhanced route refresh. */
    public PeerSessionInfo(String peerName, long localAsn, long peerAsn, Set<Family> families,
                           Set<Family> extendedNextHop, InetAddress localAddress,
                           Optional<InetAddress> nextHopIpv4, Optional<InetAddress> nextHopIpv6,
                           int maxMessageLength, boolean fourOctetAs) {
        this(peerName, localAsn, peerAsn, families, extendedNextHop, localAddress, nextHopIpv4, nextHopIpv6,
                maxMessageLength, fourOctetAs, false);
    }

    /** A session with 4-octet AS support (every router herald is tested against). */
    public PeerSessionInfo(String peerName, long localAsn, long peerAsn, Set<Family> families,
                           Set<Family> extendedNextHop, InetAddress localAddress,
                           Optional<InetAddress> nextHopIpv4, Optional<InetAddress> nextHopIpv6,
                           int maxMessageLength) {
        this(peerName, localAsn, peerAsn, families, extendedNextHop, localAddress, nextHopIpv4, nextHopIpv6,
                maxMessageLength, true);
    }

    public boolean internal() {
        return localAsn == peerAsn;
    }
}
