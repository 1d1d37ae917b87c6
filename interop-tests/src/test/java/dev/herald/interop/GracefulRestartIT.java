package dev.herald.interop;

import static dev.herald.interop.lab.Lab.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.EveryRouterKind;
import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Graceful restart, herald as the restarting speaker (RFC 4724, RFC 8538), against each router as
 * the helper, polling the router's table the whole time:
 * <ol>
 * <li>{@code kill -9}: the router keeps herald's routes (marked stale where its output says so);
 * <li>herald comes back within the restart time (the R bit set) without one of its prefixes: the
 *     kept routes never leave the table, and the removed prefix is withdrawn once End-of-RIB
 *     arrives (the router flushes what was not refreshed);
 * <li>SIGTERM (a service restart): the same, routes kept, herald exits 0;
 * <li>SIGINT, herald's stop for good (what {@code herald shutdown} does): the routes go at once,
 *     well before the restart time would have run out.
 * </ol>
 * The restart time is 120 s; herald is back after a few seconds, so no step waits for it to run out.
 */
@ExtendWith(RequiresHeraldLab.class)
class GracefulRestartIT {
    static final IpPrefix KEPT4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix REMOVED4 = IpPrefix.parse("198.51.100.0/24");
    static final IpPrefix KEPT6 = IpPrefix.parse("2001:db8:100::/48");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int RESTART_TIME = 120;

    static String config(LabLink link, boolean withRemoved) {
        HeraldYaml y = HeraldYaml.lab().peer(link.heraldPeer("r1").families("ipv4-unicast", "ipv6-unicast")
                .nextHopV6(link.speakerV6()).holdTime(9).connectRetry(1)
                .line("graceful-restart: { restart-time: " + RESTART_TIME + " }")).statics("203.0.113.0/24");
        if (withRemoved) {
            y.statics("198.51.100.0/24");
        }
        return y.statics("2001:db8:100::/48").build();
    }

    @ParameterizedTest(name = "herald restarts, {0} helps")
    @EveryRouterKind
    void routerKeepsRoutesAcrossCrashAndRestartAndDropsThemOnShutdown(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.create("gr-" + kind.name())) {
            Router router = link.own(kind.start(link.routerNs(), RouterConfig.standard(link)
                    .withOptions(RouterConfig.Options.NONE.withGracefulRestart()), link.logDir().resolve(kind.name().toLowerCase())));
            Path state = link.logDir().resolve("herald-state");
            Herald first = link.own(Herald.start(link.speakerNs(), config(link, true), link.logDir().resolve("herald-1"), state));
            awaitTable(router, first, Set.of(KEPT4, REMOVED4), "all of herald's routes");

            // 1. A crash: TCP closes without NOTIFICATION.
            first.kill9();
            List<String> staleSeen = watch(router, Duration.ofSeconds(3), Set.of(KEPT4, REMOVED4, KEPT6), "after kill -9");
            router.snapshot("after-kill-9");
            Optional<Boolean> stale = router.isStale(KEPT4);
            System.err.println("[lab] " + kind + " after kill -9: routes kept; stale mark: " + stale + " " + staleSeen);
            stale.ifPresent(s -> assertTrue(s, kind + " should mark herald's kept routes stale after kill -9"));

            // 2. Back within the restart time, without REMOVED4.
            Herald second = link.own(Herald.start(link.speakerNs(), config(link, false), link.logDir().resolve("herald-2"), state));
            awaitWhileKeeping(router, second, Set.of(KEPT4, KEPT6), REMOVED4, "herald restarted without " + REMOVED4);
            assertTrue(second.logContains("graceful restart R bit"), "the restarted herald sets the R bit");
            router.isStale(KEPT4).ifPresent(s -> assertTrue(!s, kind + ": refreshed routes must not stay stale"));
            router.snapshot("after-restart");

            // 3. SIGTERM: a service restart. The routes stay.
            assertEquals(0, second.stop(Duration.ofSeconds(30)), "SIGTERM is a clean exit");
            watch(router, Duration.ofSeconds(3), Set.of(KEPT4, KEPT6), "after SIGTERM");
            router.isStale(KEPT4).ifPresent(s -> assertTrue(s, kind + " should mark the routes stale after SIGTERM"));
            Herald third = link.own(Herald.start(link.speakerNs(), config(link, false), link.logDir().resolve("herald-3"), state));
            awaitWhileKeeping(router, third, Set.of(KEPT4, KEPT6), REMOVED4, "herald back after SIGTERM");

            // 4. The stop for good: withdraw and Cease. Gone long before the 120 s restart time.
            assertEquals(0, third.shutdown(Duration.ofSeconds(30)), "SIGINT is a clean exit");
            router.awaitRoutes(Family.IPV4_UNICAST, "herald's IPv4 routes gone after shutdown", TIMEOUT,
                    RouteChecks.noneOf(Set.of(KEPT4, REMOVED4)));
            router.awaitRoutes(Family.IPV6_UNICAST, "herald's IPv6 routes gone after shutdown", TIMEOUT,
                    RouteChecks.noneOf(Set.of(KEPT6)));
            assertTrue(third.logContains("shutting down"), "herald logs its shutdown");
            router.snapshot("after-shutdown");
            System.err.println("[lab] " + kind + " (" + router.version() + "): graceful restart helper behaviour as expected");
        }
    }

    private static void awaitTable(Router router, Herald herald, Set<IpPrefix> v4, String what) {
        router.awaitRoutes(Family.IPV4_UNICAST, what + " (IPv4)", TIMEOUT, t -> {
            herald.checkAlive();
            return RouteChecks.prefixes(t).containsAll(v4);
        });
        router.awaitRoutes(Family.IPV6_UNICAST, what + " (IPv6)", TIMEOUT,
                t -> RouteChecks.prefixes(t).contains(KEPT6));
    }

    /** Polls for {@code time}; fails the moment one of {@code present} is missing. */
    private static List<String> watch(Router router, Duration time, Set<IpPrefix> present, String when) {
        List<String> notes = new ArrayList<>();
        long end = System.nanoTime() + time.toNanos();
        do {
            Set<IpPrefix> now = router.allPrefixes();
            for (IpPrefix p : present) {
                assertTrue(now.contains(p), () -> router.kind() + " dropped " + p + " " + when + "; table " + now
                        + "\n" + router.dump());
            }
            sleep(250);
        } while (System.nanoTime() < end);
        return notes;
    }

    /**
     * Waits until {@code gone} has left the table and herald's session is up again, checking on every
     * poll that {@code kept} never left it.
     */
    private static void awaitWhileKeeping(Router router, Herald herald, Set<IpPrefix> kept, IpPrefix gone, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            herald.checkAlive();
            Set<IpPrefix> now = router.allPrefixes();
            for (IpPrefix p : kept) {
                assertTrue(now.contains(p), () -> router.kind() + " dropped " + p + " while " + what + "; table " + now
                        + "\n" + router.dump() + "\n--- herald ---\n" + herald.logTail());
            }
            boolean fresh = router.isStale(kept.iterator().next()).map(s -> !s).orElse(true);
            if (!now.contains(gone) && fresh && herald.logContains("End-of-RIB sent")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(router.kind() + ": timed out waiting for " + gone + " to be withdrawn after End-of-RIB ("
                        + what + "); table " + now + "\n" + router.dump() + "\n--- herald ---\n" + herald.logTail()
                        + "\n--- router ---\n" + router.logTails());
            }
            sleep(250);
        }
    }


}
