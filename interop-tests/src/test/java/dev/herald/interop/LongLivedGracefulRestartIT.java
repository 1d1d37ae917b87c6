package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Long-lived graceful restart (RFC 9494), herald as the restarting speaker, FRR, GoBGP and BIRD (2 and
 * 3) as helpers (OpenBGPD has no LLGR: neither 8.8 nor 9.3, whose bgpd.conf(5) knows graceful restart only):
 * herald advertises a 3 s restart time and a 600 s long-lived stale time. After {@code kill -9}
 * the router keeps the routes as stale, and once the 3 s run out it keeps them still, now LLGR-stale
 * (community LLGR_STALE, depreferenced) instead of dropping them; herald back within the stale
 * time makes them fresh again (no LLGR_STALE), and they never leave the router's table.
 */
@ExtendWith(RequiresHeraldLab.class)
class LongLivedGracefulRestartIT {
    static final IpPrefix V4 = IpPrefix.parse("203.0.113.0/24");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int RESTART_TIME = 3;

    static String config(LabLink link) {
        return config(link, "long-lived-stale-time: 600");
    }

    static String config(LabLink link, String llgr) {
        return HeraldYaml.lab().peer(link.heraldPeer("r1").families("ipv4-unicast").holdTime(9).connectRetry(1)
                        .line("graceful-restart: { restart-time: " + RESTART_TIME + (llgr.isEmpty() ? "" : ", " + llgr) + " }"))
                .statics("203.0.113.0/24").build();
    }

    @ParameterizedTest(name = "herald restarts, {0} keeps its routes LLGR-stale")
    @EnumSource(value = RouterKind.class, names = {"FRR_SID", "FRR_TRIXIE", "FRR_HOST", "GOBGP_SID", "GOBGP_TRIXIE", "GOBGP_HOST",
            "BIRD_SID", "BIRD3_SID", "BIRD_TRIXIE", "BIRD_HOST"})
    void routesOutliveTheRestartTimeAsLlgrStale(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("llgr-" + kind.name())) {
            Router frr = link.own(kind.start(link.routerNs(), RouterConfig.standard(link).withOptions(
                    RouterConfig.Options.NONE.withGracefulRestart().withLongLivedStaleTime(600)),
                    link.logDir().resolve("router")));
            Path state = link.logDir().resolve("herald-state");
            Herald first = link.own(Herald.start(link.speakerNs(), config(link), link.logDir().resolve("herald-1"), state));
            frr.awaitRoutes(Family.IPV4_UNICAST, "herald's route", TIMEOUT, t -> {
                first.checkAlive();
                return RouteChecks.prefixes(t).contains(V4);
            });
            assertFalse(llgrStale(frr), "a fresh route has no LLGR_STALE");

            first.kill9();
            long killed = System.nanoTime();
            frr.await(V4 + " LLGR-stale after the " + RESTART_TIME + " s restart time", TIMEOUT, () -> {
                assertTrue(RouteChecks.prefixes(frr.routes(Family.IPV4_UNICAST)).contains(V4),
                        kind + " dropped " + V4 + " instead of keeping it LLGR-stale");
                return llgrStale(frr) ? Optional.of(true) : Optional.empty();
            });
            long seconds = (System.nanoTime() - killed) / 1_000_000_000L;
            System.err.println("[lab] " + kind + ": LLGR-stale " + seconds + " s after kill -9");
            // Well past the restart time, still there.
            frr.await("a few seconds more", Duration.ofSeconds(30), () -> {
                assertTrue(RouteChecks.prefixes(frr.routes(Family.IPV4_UNICAST)).contains(V4), "kept while LLGR-stale");
                return System.nanoTime() - killed > Duration.ofSeconds(RESTART_TIME + 5).toNanos() ? Optional.of(true)
                        : Optional.empty();
            });

            Herald second = link.own(Herald.start(link.speakerNs(), config(link), link.logDir().resolve("herald-2"), state));
            frr.await(V4 + " fresh again after herald's restart", TIMEOUT, () -> {
                second.checkAlive();
                assertTrue(RouteChecks.prefixes(frr.routes(Family.IPV4_UNICAST)).contains(V4), "never dropped");
                return llgrStale(frr) || frr.isStale(V4).orElse(false) ? Optional.empty() : Optional.of(true);
            });
            System.err.println("[lab] " + kind + " (" + frr.version() + "): long-lived graceful restart as expected");
        }
    }

    /** The control: the same router and restart time, herald without LLGR: the route goes when the 3 s run out. */
    @ParameterizedTest(name = "without long-lived-stale-time {0} drops the route after the restart time")
    @EnumSource(value = RouterKind.class, names = {"FRR_HOST"})
    void withoutItTheRouteGoesWithTheRestartTime(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("llgr-off-" + kind.name())) {
            Router frr = link.own(kind.start(link.routerNs(), RouterConfig.standard(link).withOptions(
                    RouterConfig.Options.NONE.withGracefulRestart().withLongLivedStaleTime(600)),
                    link.logDir().resolve("router")));
            Herald h = link.own(Herald.start(link.speakerNs(), config(link, ""), link.logDir().resolve("herald")));
            frr.awaitRoutes(Family.IPV4_UNICAST, "herald's route", TIMEOUT, t -> {
                h.checkAlive();
                return RouteChecks.prefixes(t).contains(V4);
            });
            h.kill9();
            frr.awaitRoutes(Family.IPV4_UNICAST, V4 + " dropped once the restart time ran out", TIMEOUT,
                    t -> !RouteChecks.prefixes(t).contains(V4));
        }
    }

    private static boolean llgrStale(Router r) {
        return r.isLlgrStale(V4).orElse(false);
    }
}
