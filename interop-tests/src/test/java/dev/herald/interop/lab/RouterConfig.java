package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * What a lab router is told: its own AS and router id, and its neighbours. Routers accept
 * everything their neighbours send (import all), and export nothing, except what a test
 * announces explicitly (GoBGP as a test speaker).
 */
public record RouterConfig(long asn, InetAddress routerId, List<Neighbor> neighbors, List<BfdPeer> bfdPeers) {
    public RouterConfig {
        neighbors = List.copyOf(neighbors);
        bfdPeers = List.copyOf(bfdPeers);
    }

    public RouterConfig(long asn, InetAddress routerId, List<Neighbor> neighbors) {
        this(asn, routerId, neighbors, List.of());
    }

    /** The same router with BFD sessions of their own, not tied to a BGP neighbour (FRR {@code bfd / peer}, BIRD {@code protocol bfd / neighbor}). */
    public RouterConfig withBfdPeers(List<BfdPeer> peers) {
        return new RouterConfig(asn, routerId, neighbors, peers);
    }

    /**
     * The router's BFD timers for a session (RFC 5880 bfd.RequiredMinRxInterval,
     * bfd.DesiredMinTxInterval, bfd.DetectMult), in milliseconds.
     *
     * @param graceful with a BGP neighbour: let graceful restart decide what a BFD Down does to the
     *                 neighbour's routes (FRR {@code neighbor X bfd check-control-plane-failure},
     *                 BIRD {@code bfd graceful}); see ADR 0016 "What each router does with C = 0"
     */
    public record Bfd(int minRxMs, int minTxMs, int multiplier, boolean graceful) {
        public static Bfd of(int minRxMs, int minTxMs, int multiplier) {
            return new Bfd(minRxMs, minTxMs, multiplier, false);
        }

        public Bfd withGraceful() {
            return new Bfd(minRxMs, minTxMs, multiplier, true);
        }
    }

    /**
     * A BFD session the router runs on its own: the peer's address, the router's local address,
     * the interface (for a link-local peer, else null), single hop or multihop, the router's timers.
     */
    public record BfdPeer(InetAddress remote, InetAddress local, String interfaceName, boolean multihop, Bfd timers) {
        public static BfdPeer singleHop(InetAddress remote, InetAddress local, Bfd timers) {
            return new BfdPeer(remote, local, null, false, timers);
        }

        public static BfdPeer linkLocal(InetAddress remote, InetAddress local, String ifname, Bfd timers) {
            return new BfdPeer(remote, local, ifname, false, timers);
        }

        public static BfdPeer multihop(InetAddress remote, InetAddress local, Bfd timers) {
            return new BfdPeer(remote, local, null, true, timers);
        }
    }

    /**
     * One BGP neighbour: its address and AS, our local address on the session, the families to
     * enable; or, unnumbered, the interface it is on (address and localAddress null).
     */
    public record Neighbor(InetAddress address, long asn, InetAddress localAddress, Set<Family> families,
                           Options options, String interfaceName) {
        public Neighbor {
            families = Set.copyOf(families);
            options = options == null ? Options.NONE : options;
        }

        public Neighbor(InetAddress address, long asn, InetAddress localAddress, Set<Family> families,
                        Options options) {
            this(address, asn, localAddress, families, options, null);
        }

        /** Unnumbered: the neighbour on {@code ifname} (FRR {@code neighbor IFNAME interface remote-as ...}). */
        public static Neighbor onInterface(String ifname, long asn, Set<Family> families) {
            return new Neighbor(null, asn, null, families, Options.NONE, ifname);
        }

        /** A link-local neighbour on {@code ifname} whose address the router is told (BIRD, OpenBGPD). */
        public static Neighbor linkLocal(InetAddress address, String ifname, long asn, Set<Family> families,
                                         Options options) {
            return new Neighbor(address, asn, null, families, options, ifname);
        }

        /** How the router's config names it: the address, or the interface. */
        public String key() {
            return address == null ? interfaceName : IpPrefix.format(address);
        }

        public Neighbor(InetAddress address, long asn, InetAddress localAddress, Set<Family> families) {
            this(address, asn, localAddress, families, Options.NONE);
        }

        public Neighbor with(Options o) {
            return new Neighbor(address, asn, localAddress, families, o, interfaceName);
        }
    }

    /**
     * Session options for one neighbour.
     *
     * @param password        TCP-MD5 password, or null
     * @param ttlSecurityHops GTSM hop count (FRR {@code ttl-security hops N}, BIRD {@code ttl security}), 0 off
     * @param multihop        eBGP multihop TTL, 0 off
     * @param gracefulRestart act as graceful restart helper (GoBGP needs it configured; FRR and BIRD help by default)
     * @param holdTime        hold time to offer in seconds, 0 for the router's default
     * @param extendedMessage offer RFC 8654 extended messages where the router needs telling (BIRD
     *                        {@code enable extended messages}, OpenBGPD {@code announce extended message yes});
     *                        FRR offers them always, GoBGP never
     */
    public record Options(String password, int ttlSecurityHops, int multihop, boolean gracefulRestart,
                          boolean extendedNextHop, int longLivedStaleTime, int holdTime, boolean extendedMessage, Bfd bfd) {
        public static final Options NONE = new Options(null, 0, 0, false, false, 0, 0, false, null);

        public Options(String password, int ttlSecurityHops, int multihop, boolean gracefulRestart,
                       boolean extendedNextHop, int longLivedStaleTime, int holdTime, boolean extendedMessage) {
            this(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime, extendedMessage,
                    null);
        }

        /** BFD on this BGP neighbour with the router's timers (FRR {@code neighbor X bfd}, BIRD {@code bfd on}); null off. */
        public Options withBfd(Bfd timers) {
            return new Options(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime,
                    extendedMessage, timers);
        }

        public Options(String password, int ttlSecurityHops, int multihop, boolean gracefulRestart,
                       boolean extendedNextHop, int longLivedStaleTime, int holdTime) {
            this(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime, false);
        }

        public Options(String password, int ttlSecurityHops, int multihop, boolean gracefulRestart,
                       boolean extendedNextHop, int longLivedStaleTime) {
            this(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, 0);
        }

        /** The hold time to offer (benchmarks: a sender busy for minutes must not lose the session). */
        public Options withHoldTime(int seconds) {
            return new Options(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, seconds,
                    extendedMessage, bfd);
        }

        public Options(String password, int ttlSecurityHops, int multihop, boolean gracefulRestart,
                       boolean extendedNextHop) {
            this(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, 0);
        }

        /** RFC 9494 helper: keep a peer's routes as LLGR-stale for up to this long (FRR {@code bgp long-lived-graceful-restart stale-time}). */
        public Options withLongLivedStaleTime(int seconds) {
            return new Options(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, seconds, holdTime, extendedMessage, bfd);
        }

        public Options withPassword(String p) {
            return new Options(p, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime, extendedMessage, bfd);
        }

        public Options withTtlSecurity(int hops) {
            return new Options(password, hops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime, extendedMessage, bfd);
        }

        public Options withMultihop(int ttl) {
            return new Options(password, ttlSecurityHops, ttl, gracefulRestart, extendedNextHop, longLivedStaleTime, holdTime, extendedMessage, bfd);
        }

        public Options withGracefulRestart() {
            return new Options(password, ttlSecurityHops, multihop, true, extendedNextHop, longLivedStaleTime, holdTime, extendedMessage, bfd);
        }

        /** RFC 8654 extended messages, on the routers that need telling (BIRD, OpenBGPD). */
        public Options withExtendedMessage() {
            return new Options(password, ttlSecurityHops, multihop, gracefulRestart, extendedNextHop, longLivedStaleTime,
                    holdTime, true, bfd);
        }

        /** RFC 8950: IPv4 routes with IPv6 next hops (FRR {@code capability extended-nexthop}, BIRD {@code extended next hop on}). */
        public Options withExtendedNextHop() {
            return new Options(password, ttlSecurityHops, multihop, gracefulRestart, true, longLivedStaleTime, holdTime, extendedMessage, bfd);
        }
    }

    /**
     * The standard router's AS and id with one neighbour, herald over IPv6: fd00:18:N::2 from
     * fd00:18:N::1, IPv4 and IPv6 unicast.
     */
    public static RouterConfig overIpv6(LabLink link, Options o) {
        return new RouterConfig(65001, link.routerV4(), List.of(new Neighbor(link.speakerV6(), 65010, link.routerV6(),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), o)));
    }

    /** The same router with {@code o} on every neighbour. */
    public RouterConfig withOptions(Options o) {
        return new RouterConfig(asn, routerId, neighbors.stream().map(n -> n.with(o)).toList());
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
