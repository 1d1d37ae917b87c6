package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.BirdParser;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export policy as real routers see it: herald's static routes pass an allow-list (one prefix
 * outside it must never arrive), get standard, extended and large communities, a fixed MED and
 * two AS-path prepends, and one prefix matched by a rule gets its own MED and an extra
 * community. Each router's own detailed view of each prefix (FRR's JSON, BIRD's {@code show
 * route all}) is checked attribute by attribute. Then the router asks for a route refresh and
 * herald answers it with the same routes.
 */
@ExtendWith(RequiresHeraldLab.class)
class ExportPolicyIT {
    static final IpPrefix WIDE = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix SPECIAL = IpPrefix.parse("203.0.113.128/25");
    static final IpPrefix OUTSIDE = IpPrefix.parse("198.51.100.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:100::/48");
    static final List<Long> AS_PATH = List.of(65010L, 65010L, 65010L);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a router shows for one path, in one shape whatever the router. */
    record Attrs(List<Long> asPath, Long med, Set<String> communities, Set<String> extended, Set<String> large) {
    }

    static String config(LabLink link) {
        return HeraldYaml.lab().peer(link.heraldPeer("r1").nextHopV6(link.speakerV6()).holdTime(9).line("""
                        export:
                          allow: ["203.0.113.0/24 le 32", "2001:db8:100::/48"]
                          communities: ["65010:100"]
                          extended-communities: ["rt:65010:7"]
                          large-communities: ["65010:1:2"]
                          med: 50
                          as-path-prepend: 2
                          rules:
                            - name: special
                              match: { prefixes: ["203.0.113.128/25"] }
                              action: accept
                              set: { med: 7, communities: ["65010:200"] }
                        """))
                .statics("203.0.113.0/24", "203.0.113.128/25", "198.51.100.0/24", "2001:db8:100::/48").build();
    }

    @ParameterizedTest(name = "herald -> {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_HOST", "FRR_TRIXIE", "FRR_SID", "BIRD_HOST", "BIRD_TRIXIE", "BIRD_SID", "BIRD3_SID"})
    void routerSeesCommunitiesMedPrependAndOnlyTheAllowedPrefixes(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("policy-" + kind.name())) {
            Router router = kind.startOn(link);
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link), link.logDir().resolve("herald")));
            router.await("session with herald Established", TIMEOUT, () -> {
                herald.checkAlive();
                return router.peer(link.speakerV4()).filter(PeerState::established);
            });
            List<ReceivedRoute> v4 = router.awaitRoutes(Family.IPV4_UNICAST, "the allowed IPv4 routes", TIMEOUT,
                    RouteChecks.allOf(Set.of(WIDE, SPECIAL), link.speakerV4(), AS_PATH));
            router.awaitRoutes(Family.IPV6_UNICAST, "the IPv6 route", TIMEOUT,
                    RouteChecks.allOf(Set.of(V6), link.speakerV6(), AS_PATH));
            // Both allowed routes are there, so the UPDATE that would have carried the third came too.
            assertEquals(Set.of(WIDE, SPECIAL), RouteChecks.prefixes(v4),
                    () -> kind + ": " + OUTSIDE + " is outside the allow-list and must not arrive: " + v4);

            Set<String> base = Set.of("65010:100");
            check(kind, router, WIDE, new Attrs(AS_PATH, 50L, base, Set.of("rt:65010:7"), Set.of("65010:1:2")));
            check(kind, router, SPECIAL, new Attrs(AS_PATH, 7L, Set.of("65010:100", "65010:200"), Set.of("rt:65010:7"),
                    Set.of("65010:1:2")));
            check(kind, router, V6, new Attrs(AS_PATH, 50L, base, Set.of("rt:65010:7"), Set.of("65010:1:2")));
            System.err.println("[lab] " + kind + " (" + router.version() + ") holds " + v4 + " with the policy's attributes");

            // ROUTE-REFRESH (RFC 2918): herald sends that family's Adj-RIB-Out again, and nothing changes.
            // FRR negotiates enhanced route refresh (RFC 7313): the answer comes between BoRR and EoRR,
            // after which FRR drops whatever it held from herald and was not re-sent (nothing here).
            router.requestRouteRefresh();
            router.await("herald answering the ROUTE-REFRESH", TIMEOUT, () -> herald.logContains(
                    "ROUTE-REFRESH ipv4-unicast answered with 2 routes") ? Optional.of(true) : Optional.empty());
            boolean enhanced = herald.logContains("ROUTE-REFRESH ipv4-unicast answered with 2 routes between BoRR and EoRR");
            System.err.println("[lab] " + kind + ": ROUTE-REFRESH answered " + (enhanced ? "between BoRR and EoRR (enhanced"
                    + " route refresh negotiated)" : "without BoRR/EoRR (no enhanced route refresh)"));
            if (router instanceof FrrRouter frr) {
                assertTrue(enhanced, "FRR negotiates enhanced route refresh: " + herald.logTail());
                assertTrue(frr.neighborsJson().replace(" ", "").contains("\"enhancedRouteRefresh\":\"advertisedAndReceived\""),
                        "FRR sees both sides' capability 70");
            }
            assertEquals(Set.of(WIDE, SPECIAL), RouteChecks.prefixes(router.routes(Family.IPV4_UNICAST)));
            check(kind, router, WIDE, new Attrs(AS_PATH, 50L, base, Set.of("rt:65010:7"), Set.of("65010:1:2")));
        }
    }

    private static void check(RouterKind kind, Router router, IpPrefix p, Attrs want) {
        String raw = router.routeDetail(p);
        Attrs got = kind.impl() == RouterKind.Impl.FRR ? frr(raw) : bird(raw);
        assertEquals(want, got, () -> kind + " " + p + ":\n" + raw);
    }

    static Attrs frr(String json) {
        JsonNode path = JsonMapper.builder().build().readTree(json).path("paths").path(0);
        List<Long> asPath = new ArrayList<>();
        for (String a : path.path("aspath").path("string").asString("").split(" ")) {
            if (!a.isBlank()) {
                asPath.add(Long.parseLong(a));
            }
        }
        JsonNode med = path.has("med") ? path.get("med") : path.get("metric");
        return new Attrs(asPath, med == null ? null : med.asLong(), words(path.path("community").path("string").asString("")),
                words(path.path("extendedCommunity").path("string").asString("").toLowerCase()),
                words(path.path("largeCommunity").path("string").asString("")));
    }

    private static Set<String> words(String s) {
        Set<String> out = new TreeSet<>();
        for (String w : s.split(" ")) {
            if (!w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }

    static Attrs bird(String text) {
        List<Long> asPath = new ArrayList<>();
        Optional.ofNullable(BirdParser.attribute(text, "BGP.as_path")).ifPresent(l -> {
            for (String a : l.split(" ")) {
                if (!a.isBlank()) {
                    asPath.add(Long.parseLong(a));
                }
            }
        });
        String med = BirdParser.attribute(text, "BGP.med");
        return new Attrs(asPath, med == null ? null : Long.parseLong(med.trim()), tuples(BirdParser.attribute(text, "BGP.community")),
                tuples(BirdParser.attribute(text, "BGP.ext_community")), tuples(BirdParser.attribute(text, "BGP.large_community")));
    }

    /** BIRD's {@code (65010,100) (rt, 65010, 7)} as {@code 65010:100}, {@code rt:65010:7}. */
    private static Set<String> tuples(String s) {
        Set<String> out = new TreeSet<>();
        if (s == null) {
            return out;
        }
        Matcher m = Pattern.compile("\\(([^)]*)\\)").matcher(s);
        while (m.find()) {
            out.add(m.group(1).replace(" ", "").replace(',', ':'));
        }
        return out;
    }
}
