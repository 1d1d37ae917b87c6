package dev.herald.bgpd.daemon;

import dev.herald.codec.Family;
import dev.herald.config.PeerConfig;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.rib.PeerSessionInfo;
import java.net.InetAddress;
import dev.herald.codec.InetAddresses;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Translates an Established session plus its peer's config into what the RIB needs. */
final class SessionInfos {
    private SessionInfos() {
    }

    static PeerSessionInfo of(EstablishedSession s, PeerConfig peer, long localAsn) {
        Set<Family> families = s.families();
        Set<Family> extendedNextHop = families.stream().filter(s::extendedNextHop).collect(Collectors.toSet());
        return new PeerSessionInfo(peer.name(), localAsn, s.peerOpen().asn(), families, extendedNextHop,
                s.localAddress().getAddress(), peer.nextHopIpv4().map(InetAddress.class::cast),
                nextHopIpv6(peer), s.codecContext().maxMessageLength(),
                s.codecContext().fourOctetAs(), s.enhancedRouteRefresh());
    }

    /**
     * The configured next-hop.ipv6; for an interface (unnumbered) peer without one, a global IPv6
     * address of that interface: the global half of the 32-byte next hop beside the link-local one.
     */
    static Optional<InetAddress> nextHopIpv6(PeerConfig peer) {
        if (peer.nextHopIpv6().isPresent() || peer.interfaceName().isEmpty()) {
            return peer.nextHopIpv6().map(InetAddress.class::cast);
        }
        return dev.herald.bgpd.unnumbered.LinkLocalNeighbours.globalAddress(peer.interfaceName().get())
                .map(InetAddress.class::cast);
    }

    static String describe(EstablishedSession s) {
        return "local " + text(s.localAddress()) + ", remote " + text(s.remoteAddress()) + ", families "
                + s.families() + ", hold time " + s.holdTime() + " s";
    }

    static String text(InetSocketAddress a) {
        String host = InetAddresses.toText(a.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
