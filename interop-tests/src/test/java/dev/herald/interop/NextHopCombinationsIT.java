package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The four combinations of route family and session family (the dual-stack failure of LXD's
 * built-in speaker, canonical/lxd#12547), each with a correct next hop or held back with a stated
 * reason:
 * <ol>
 * <li>IPv4 routes over IPv4: the session's IPv4 address;
 * <li>IPv6 routes over IPv4: the configured {@code next-hop.ipv6}; without it, held back with
 *     "no IPv6 next hop" in herald's log and none in the router's table;
 * <li>IPv6 routes over IPv6: the session's IPv6 address;
 * <li>IPv4 routes over IPv6: the IPv6 address as an RFC 8950 next hop when the router negotiates
 *     extended next hop; without it, held back with the reason.
 * </ol>
 * Never an IPv4-mapped or wrong-family next hop. GoBGP always offers RFC 8950, so with it the
 * fourth case is only the RFC 8950 one.
 */
@ExtendWith(RequiresHeraldLab.class)
class NextHopCombinationsIT {
    static final Set<IpPrefix> V4 = Set.of(IpPrefix.parse("203.0.113.0/24"));
    static final Set<IpPrefix> V6 = Set.of(IpPrefix.parse("2001:db8:100::/48"));
    static final List<Long> AS_PATH = List.of(65010L);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static String config(InetAddress peer, InetAddress local, String nextHop) {
        return HeraldYaml.lab().peer(HeraldYaml.Peer.of("r1", peer, 65001).localAddress(local)
                        .families("ipv4-unicast", "ipv6-unicast").holdTime(9).connectRetry(1).line(nextHop))
                .statics("203.0.113.0/24", "2001:db8:100::/48").build();
    }

    @ParameterizedTest(name = "next hops per family with {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_SID", "FRR_TRIXIE", "FRR_HOST", "BIRD_SID", "BIRD3_SID", "BIRD_TRIXIE", "BIRD_HOST",
            "GOBGP_SID", "GOBGP_TRIXIE", "GOBGP_HOST", "OPENBGPD_SID", "OPENBGPD_TRIXIE"})
    void fourCombinations(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("nexthops-" + kind.name())) {
            // IPv4 session.
            Router v4 = link.own(kind.start(link.routerNs(), RouterConfig.standard(link), link.logDir().resolve("router-v4")));
            Herald held = link.own(Herald.start(link.speakerNs(), config(link.routerV4(), link.speakerV4(), ""),
                    link.logDir().resolve("herald-v4-session")));
            awaitRoutes(v4, held, Family.IPV4_UNICAST, V4, link.speakerV4(), "IPv4 over IPv4");
            awaitLog(v4, held, "ipv6-unicast routes not sent: no IPv6 next hop: the session runs over IPv4");
            assertNone(v4, Family.IPV6_UNICAST, V6, "IPv6 routes over IPv4 without next-hop.ipv6 must be held back");
            held.shutdown(Duration.ofSeconds(30));
            Herald set = link.own(Herald.start(link.speakerNs(), config(link.routerV4(), link.speakerV4(),
                    "next-hop: { ipv6: \"" + IpPrefix.format(link.speakerV6()) + "\" }"), link.logDir().resolve("herald-v4-session-nh6")));
            awaitRoutes(v4, set, Family.IPV6_UNICAST, V6, link.speakerV6(), "IPv6 over IPv4 with next-hop.ipv6");
            set.shutdown(Duration.ofSeconds(30));
            v4.close();

            // IPv6 session, the router offers RFC 8950.
            Router enh = link.own(kind.start(link.routerNs(), RouterConfig.overIpv6(link,
                    RouterConfig.Options.NONE.withExtendedNextHop()), link.logDir().resolve("router-v6-enh")));
            Herald h6 = link.own(Herald.start(link.speakerNs(), config(link.routerV6(), link.speakerV6(), ""),
                    link.logDir().resolve("herald-v6-session-enh")));
            awaitRoutes(enh, h6, Family.IPV6_UNICAST, V6, link.speakerV6(), "IPv6 over IPv6");
            awaitRoutes(enh, h6, Family.IPV4_UNICAST, V4, link.speakerV6(), "IPv4 over IPv6 (RFC 8950)");
            h6.shutdown(Duration.ofSeconds(30));
            enh.close();

            if (kind.impl() == RouterKind.Impl.GOBGP) {
                // GoBGP (3.10, 3.36, 4.8) offers extended next hop for ipv4-unicast on every session, with no
                // setting to leave it out: the held-back case cannot be set up with GoBGP.
                System.err.println("[lab] " + kind + ": three combinations as expected; IPv4 over IPv6 without"
                        + " RFC 8950 not testable (GoBGP always offers extended next hop)");
                return;
            }
            // IPv6 session, no RFC 8950 at the router: IPv4 held back.
            Router plain = link.own(kind.start(link.routerNs(), RouterConfig.overIpv6(link, RouterConfig.Options.NONE),
                    link.logDir().resolve("router-v6-plain")));
            Herald h6b = link.own(Herald.start(link.speakerNs(), config(link.routerV6(), link.speakerV6(), ""),
                    link.logDir().resolve("herald-v6-session-plain")));
            awaitRoutes(plain, h6b, Family.IPV6_UNICAST, V6, link.speakerV6(), "IPv6 over IPv6");
            awaitLog(plain, h6b, "ipv4-unicast routes not sent: no IPv4 next hop: the session runs over IPv6");
            assertNone(plain, Family.IPV4_UNICAST, V4, "IPv4 routes over IPv6 without RFC 8950 must be held back");
            System.err.println("[lab] " + kind + ": all four next-hop combinations as expected");
        }
    }

    private static void awaitRoutes(Router r, Herald h, Family f, Set<IpPrefix> prefixes, InetAddress nextHop, String what) {
        List<ReceivedRoute> t = r.awaitRoutes(f, what + ": " + prefixes + " via " + IpPrefix.format(nextHop), TIMEOUT, table -> {
            h.checkAlive();
            return RouteChecks.allOf(prefixes, nextHop, AS_PATH).test(table);
        });
        for (ReceivedRoute route : t) {
            if (prefixes.contains(route.prefix())) {
                assertTrue(route.nextHops().stream().noneMatch(a -> IpPrefix.format(a).startsWith("::ffff:")),
                        () -> what + ": IPv4-mapped next hop in " + route);
            }
        }
    }

    private static void awaitLog(Router r, Herald h, String text) {
        r.await("herald's log: " + text, TIMEOUT, () -> {
            h.checkAlive();
            return h.logContains(text) ? Optional.of(true) : Optional.empty();
        });
    }

    private static void assertNone(Router r, Family f, Set<IpPrefix> prefixes, String why) {
        // herald logs the reason after it sent the initial table and End-of-RIB, so the table is final here.
        assertTrue(RouteChecks.noneOf(prefixes).test(r.routes(f)), () -> r.kind() + ": " + why + "\n" + r.dump());
    }
}
