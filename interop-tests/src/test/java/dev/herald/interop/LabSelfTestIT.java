package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.GoBgpRouter;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.PeerState;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the lab without herald: GoBGP 3.36 (trixie) in the speaker namespace announces
 * 203.0.113.0/24 and 2001:db8:100::/48 over one IPv4 session to each router kind; the
 * router, read through the harness's parsers, must report the session Established and hold
 * both prefixes with the speaker's next hops and AS path [65010], then drop them when the
 * speaker stops.
 */
class LabSelfTestIT {
    static final IpPrefix V4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:100::/48");
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void lab() {
        Lab.requireLab();
    }

    @ParameterizedTest(name = "GoBGP speaker -> {0}")
    @EnumSource(RouterKind.class)
    void routerReceivesWhatGoBgpAnnounces(RouterKind kind) {
        RouterKind.GOBGP_TRIXIE.require();
        kind.require();
        try (LabLink link = LabLink.create("selftest-" + kind.name())) {
            Router router = kind.startOn(link);
            GoBgpRouter speaker = (GoBgpRouter) link.own(RouterKind.GOBGP_TRIXIE.start(
                    link.speakerNs(), RouterConfig.speaker(link), link.logDir().resolve("speaker-gobgp")));
            speaker.announce(V4, link.speakerV4());
            speaker.announce(V6, link.speakerV6());

            PeerState peer = router.awaitEstablished(link.speakerV4(), TIMEOUT);
            assertEquals(65010, peer.remoteAs(), () -> kind + " reports the wrong remote AS: " + peer);

            List<ReceivedRoute> v4 = router.awaitRoutes(Family.IPV4_UNICAST,
                    V4 + " via " + link.speakerV4().getHostAddress() + " AS path [65010]", TIMEOUT,
                    RouteChecks.allOf(Set.of(V4), link.speakerV4(), List.of(65010L)));
            List<ReceivedRoute> v6 = router.awaitRoutes(Family.IPV6_UNICAST,
                    V6 + " via " + IpPrefix.format(link.speakerV6()) + " AS path [65010]", TIMEOUT,
                    RouteChecks.allOf(Set.of(V6), link.speakerV6(), List.of(65010L)));
            assertEquals(Set.of(V4), RouteChecks.prefixes(v4), () -> kind + " IPv4 table: " + v4);
            assertEquals(Set.of(V6), RouteChecks.prefixes(v6), () -> kind + " IPv6 table: " + v6);
            router.snapshot("established");
            System.err.println("[lab] " + kind + " (" + router.version() + ") holds " + v4 + " and " + v6);

            speaker.close();
            router.awaitRoutes(Family.IPV4_UNICAST, V4 + " withdrawn after the speaker stopped", TIMEOUT,
                    RouteChecks.noneOf(Set.of(V4)));
            router.awaitRoutes(Family.IPV6_UNICAST, V6 + " withdrawn after the speaker stopped", TIMEOUT,
                    RouteChecks.noneOf(Set.of(V6)));
        }
    }
}
