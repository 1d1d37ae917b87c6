package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * What a lab router is told: its own AS and router id, and its neighbours. Routers accept
 * everything their neighbours send (import all), and export nothing, except what a test
 * announces explicitly (GoBGP as a test speaker).
 */
public record RouterConfig(long asn, InetAddress routerId, List<Neighbor> neighbors) {
    public RouterConfig {
        neighbors = List.copyOf(neighbors);
    }

    /** One BGP neighbour: its address and AS, our local address on the session, the families to enable. */
    public record Neighbor(InetAddress address, long asn, InetAddress localAddress, Set<Family> families) {
        public Neighbor {
            families = Set.copyOf(families);
        }
    }

    /**
     * The standard lab router on a link: AS 65001 at 198.18.N.1, one neighbour (herald or the
     * test speaker) at 198.18.N.2, AS 65010, IPv4 and IPv6 unicast over that IPv4 session.
     */
    public static RouterConfig standard(LabLink link) {
        return new RouterConfig(65001, link.routerV4(), List.of(
                new Neighbor(link.speakerV4(), 65010, link.routerV4(), Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))));
    }

    /** The mirror image of {@link #standard}: the speaker side (AS 65010 at .2) peering with the router at .1. */
    public static RouterConfig speaker(LabLink link) {
        return new RouterConfig(65010, link.speakerV4(), List.of(
                new Neighbor(link.routerV4(), 65001, link.speakerV4(), Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))));
    }
}
