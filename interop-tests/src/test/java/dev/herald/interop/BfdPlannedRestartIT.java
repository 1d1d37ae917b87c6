package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.KernelFib;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.RoutePoller;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.Silence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A planned restart of herald with BFD and graceful restart (issue 19, ADR 0016): herald the
 * daemon, BFD at 300 ms x 3 and graceful restart (restart time 120 s), announces two prefixes to a
 * router configured as ADR 0016 recommends: plain BFD on herald's neighbour (FRR {@code neighbor X
 * bfd}, BIRD {@code bfd on}), graceful restart helper, hold time 9 s.
 * <ol>
 * <li>{@code systemctl restart}: SIGTERM to herald (its sessions close for a graceful restart,
 *     then its BFD sessions go AdminDown, RFC 5882 3.2), herald started again at once with the same
 *     state directory (the R bit), without one of the prefixes. A poller thread asks the router
 *     every 20 ms for the kept prefix the whole time: no poll may miss it. The removed prefix goes
 *     once End-of-RIB arrives (the router flushed what was not refreshed), and FRR shows the kept
 *     one no longer stale: the routes came back fresh, and BFD is Up again.</li>
 * <li>The contrast: herald's namespace goes silent (a frozen host, herald still running). The
 *     prefix must leave the router's table long before the 9 s hold time could act (with graceful
 *     restart the router would even keep it for the restart time after that): the router really
 *     acts on BFD. The time is printed, not asserted.</li>
 * </ol>
 * FRR is polled twice: its BGP table through {@code vtysh} (a query takes 100-200 ms, so those polls
 * are further apart than 20 ms) and the kernel FIB zebra installs into, read every 20 ms
 * ({@link KernelFib}); BIRD's table through {@code birdc} (about 50 ms a query). FRR 8.4 is the
 * router that tells herald's order of a planned stop apart: it drops the routes for an AdminDown
 * that comes while the BGP session is still up (ADR 0016's table). BIRD 2.0 is left out: it has no
 * configuration that keeps the routes through a planned restart and drops a dead host's (ADR 0016).
 */
@ExtendWith(RequiresHeraldLab.class)
class BfdPlannedRestartIT {
    private static final IpPrefix KEPT = IpPrefix.parse("203.0.113.0/24");
    private static final IpPrefix REMOVED = IpPrefix.parse("198.51.100.0/24");
    /**
     * FRR's default, 300 ms x 3: at 100 ms x 3 a loaded machine (load average 18) once starved the freshly
     * started herald or FRR 8.4's bfdd past the 300 ms detection time right after the restart, and the
     * router ended the new session with Cease/10, a false failure this test is not about.
     */
    private static final RouterConfig.Bfd ROUTER_BFD = RouterConfig.Bfd.of(300, 300, 3);
    private static final String HERALD_BFD = "bfd: { min-rx: 300ms, min-tx: 300ms, multiplier: 3 }";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MS = 20;
    /** Below the 9 s hold time: a prefix gone by then went for BFD. */
    private static final long FROZEN_LIMIT_MS = 5000;

    @ParameterizedTest(name = "planned restart with BFD, {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_HOST", "FRR_SID", "BIRD_SID"})
    void plannedRestartKeepsTheRoutesAndAFrozenHeraldLosesThem(RouterKind kind) throws Exception {
        kind.require();
        Lab.require(Lab.onPath("iptables"), "the frozen host (lab.Silence) needs iptables; install it: apt-get install iptables");
        long t0 = System.nanoTime();
        try (LabLink link = LabLink.create("bfd-restart-" + kind.name())) {
            RouterConfig config = RouterConfig.standard(link)
                    .withOptions(RouterConfig.Options.NONE.withGracefulRestart().withHoldTime(9).withBfd(ROUTER_BFD));
            Router router = link.own(kind.start(link.routerNs(), config, link.logDir().resolve("router")));
            Path state = link.logDir().resolve("herald-state");
            Herald first = link.own(Herald.start(link.speakerNs(), heraldConfig(link, true), link.logDir().resolve("herald-1"), state));
            awaitReady(router, link, first, true, "herald's first start");
            KernelFib fib = kind.impl() == RouterKind.Impl.FRR ? link.own(KernelFib.of(link.routerNs())) : null;

            // 1. A planned restart, polled throughout.
            List<RoutePoller> pollers = pollers(router, fib);
            long restartAt = System.nanoTime();
            assertEquals(0, first.stop(Duration.ofSeconds(30)), "SIGTERM is a clean exit");
            long stopMs = (System.nanoTime() - restartAt) / 1_000_000;
            Herald second = link.own(Herald.start(link.speakerNs(), heraldConfig(link, false), link.logDir().resolve("herald-2"), state));
            awaitReady(router, link, second, false, "herald restarted without " + REMOVED);
            long restartMs = (System.nanoTime() - restartAt) / 1_000_000;
            List<RoutePoller.Tally> tallies = pollers.stream().map(RoutePoller::stop).toList();
            router.snapshot("after-restart");
            System.err.println("[bfd-restart] " + kind + " (" + router.version() + "): planned restart, herald stopped "
                    + stopMs + " ms after SIGTERM, " + restartMs + " ms from SIGTERM to fresh routes and BFD Up: " + tallies);
            for (RoutePoller.Tally t : tallies) {
                assertEquals(0, t.misses(), kind + ": " + t + "\n" + router.dump() + "\n--- herald ---\n" + second.logTail());
                assertTrue(t.polls() >= 5, "the poller ran through the restart: " + t);
            }
            assertTrue(second.logContains("graceful restart R bit"), "the restarted herald sets the R bit");

            // 2. The contrast: a frozen host.
            try (RoutePoller frozen = fib != null ? fibPoller(fib) : tablePoller(router); Silence silence = Silence.of(link.speakerNs())) {
                long goneMs = frozen.awaitFirstMiss(silence.since(), FROZEN_LIMIT_MS);
                router.snapshot("frozen");
                System.err.println("[bfd-restart] " + kind + ": herald's namespace silent, prefix gone after " + goneMs
                        + " ms (" + frozen.tally().what() + ", the silence's moment known within " + silence.uncertaintyMs()
                        + " ms); test " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertTrue(goneMs >= 0, kind + " still has " + KEPT + " " + FROZEN_LIMIT_MS + " ms after herald's namespace went"
                        + " silent: its BGP session does not act on BFD\n" + router.dump());
            }
        }
    }

    /** The kept prefix's pollers: the FIB every 20 ms (FRR), and the router's own table as fast as its CLI goes. */
    private static List<RoutePoller> pollers(Router router, KernelFib fib) {
        return fib != null ? List.of(fibPoller(fib), tablePoller(router)) : List.of(tablePoller(router));
    }

    private static RoutePoller fibPoller(KernelFib fib) {
        return RoutePoller.start("kernel FIB", () -> fib.has(KEPT), POLL_MS);
    }

    private static RoutePoller tablePoller(Router router) {
        return RoutePoller.start(router.kind() + " table", () -> !router.routes(KEPT).isEmpty(), POLL_MS);
    }

    private static String heraldConfig(LabLink link, boolean withRemoved) {
        HeraldYaml y = HeraldYaml.lab().peer(link.heraldPeer("r1").families("ipv4-unicast").holdTime(9).connectRetry(1)
                .line("graceful-restart: { restart-time: 120 }").line(HERALD_BFD)).statics(KEPT.toString());
        return (withRemoved ? y.statics(REMOVED.toString()) : y).build();
    }

    /**
     * Waits for BGP Established, BFD Up on the router's side and the kept prefix; on the first start
     * the removed one too; after a restart, the removed prefix flushed (the router processed
     * End-of-RIB) and the kept one not stale where the router says.
     */
    private static void awaitReady(Router router, LabLink link, Herald herald, boolean first, String what) {
        router.await(what + ": BGP Established, BFD Up, the routes " + (first ? "in" : "fresh"), TIMEOUT, () -> {
            herald.checkAlive();
            boolean ready = router.isEstablished(link.speakerV4()) && !router.routes(KEPT).isEmpty()
                    && router.routes(REMOVED).isEmpty() != first
                    && router.bfdSessions().stream().anyMatch(s -> s.peer().equals(link.speakerV4()) && s.up());
            if (ready && !first) {
                ready = herald.logContains("End-of-RIB sent") && !router.isStale(KEPT).orElse(false);
            }
            return ready ? Optional.of(true) : Optional.empty();
        });
    }
}
