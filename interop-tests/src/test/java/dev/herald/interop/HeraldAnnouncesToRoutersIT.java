package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.EveryRouterKind;
import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Capture;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.PeerState;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The end-to-end goal: herald (its jar, a separate process in the speaker namespace) announces
 * its static prefixes over one IPv4 session, with IPv4 and IPv6 unicast, to a real router;
 * the router's own view is checked: session Established, IPv4 routes via 198.18.N.2 with AS
 * path [65010], the IPv6 route via the configured next hop fd00:18:N::2; after SIGINT (herald's
 * stop for good: withdraw, Cease/Administrative Shutdown) the router no longer holds herald's
 * routes. SIGTERM, which keeps them as stale, is {@link GracefulRestartIT}'s subject. Timeouts are generous bounds, never speed checks.
 */
@ExtendWith(RequiresHeraldLab.class)
class HeraldAnnouncesToRoutersIT {
    static final Set<IpPrefix> V4 = Set.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("198.51.100.0/24"));
    static final Set<IpPrefix> V6 = Set.of(IpPrefix.parse("2001:db8:100::/48"));
    static final List<Long> AS_PATH = List.of(65010L);
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    static String config(LabLink link) {
        return HeraldYaml.lab().peer(link.heraldPeer("r1").families("ipv4-unicast", "ipv6-unicast")
                        .nextHopV6(link.speakerV6()).holdTime(9))
                .statics("203.0.113.0/24", "198.51.100.0/24", "2001:db8:100::/48").build();
    }

    @ParameterizedTest(name = "herald -> {0}")
    @EveryRouterKind
    void routerLearnsHeraldsRoutesAndDropsThemWhenHeraldStops(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("herald-" + kind.name())) {
            Router router = kind.startOn(link);
            Capture capture = Capture.start(link.routerNs(), LabLink.IFNAME, link.logDir().resolve("bgp.pcap"));
            if (capture != null) {
                link.own(capture);
            }
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link), link.logDir().resolve("herald")));

            PeerState peer = withHeraldLog(herald, () -> router.await("session with herald Established", TIMEOUT, () -> {
                herald.checkAlive();
                return router.peer(link.speakerV4()).filter(PeerState::established);
            }));
            assertEquals(65010, peer.remoteAs(), () -> kind + " sees herald with the wrong AS: " + peer);

            List<ReceivedRoute> v4 = withHeraldLog(herald, () -> router.awaitRoutes(Family.IPV4_UNICAST,
                    V4 + " via " + link.speakerV4().getHostAddress() + " AS path " + AS_PATH, TIMEOUT,
                    t -> {
                        herald.checkAlive();
                        return RouteChecks.allOf(V4, link.speakerV4(), AS_PATH).test(t);
                    }));
            List<ReceivedRoute> v6 = withHeraldLog(herald, () -> router.awaitRoutes(Family.IPV6_UNICAST,
                    V6 + " via " + IpPrefix.format(link.speakerV6()) + " AS path " + AS_PATH, TIMEOUT,
                    t -> {
                        herald.checkAlive();
                        return RouteChecks.allOf(V6, link.speakerV6(), AS_PATH).test(t);
                    }));
            assertEquals(V4, RouteChecks.prefixes(v4), () -> kind + ": herald announced other IPv4 prefixes: " + v4);
            assertEquals(V6, RouteChecks.prefixes(v6), () -> kind + ": herald announced other IPv6 prefixes: " + v6);
            for (ReceivedRoute r : v6) {
                assertTrue(r.nextHops().stream().allMatch(a -> a.isLinkLocalAddress() || a.equals(link.speakerV6())),
                        () -> kind + ": unexpected IPv6 next hop in " + r);
            }
            router.snapshot("established");
            System.err.println("[lab] " + kind + " (" + router.version() + ") learned from herald: " + v4 + " " + v6);

            int exit = herald.shutdown(Duration.ofSeconds(30));
            System.err.println("[lab] herald exited with " + exit + " after SIGINT");
            assertEquals(0, exit, () -> kind + ": a requested stop is a clean exit");
            withHeraldLog(herald, () -> router.awaitRoutes(Family.IPV4_UNICAST,
                    "herald's IPv4 routes withdrawn after SIGINT", TIMEOUT, RouteChecks.noneOf(V4)));
            withHeraldLog(herald, () -> router.awaitRoutes(Family.IPV6_UNICAST,
                    "herald's IPv6 routes withdrawn after SIGINT", TIMEOUT, RouteChecks.noneOf(V6)));
            router.snapshot("after-herald-stopped");
        }
    }

    /** Adds herald's log tail to a failed wait. */
    private static <T> T withHeraldLog(Herald herald, Supplier<T> wait) {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- herald log (" + herald.daemon().log() + ") ---\n"
                    + herald.logTail(), e);
        }
    }
}
