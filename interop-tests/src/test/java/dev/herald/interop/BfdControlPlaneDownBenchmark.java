package dev.herald.interop;

import dev.herald.bfd.Parameters;
import dev.herald.bfd.State;
import dev.herald.bfd.io.BfdTransport;
import dev.herald.bfd.io.SessionSpec;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.NetnsSocket;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RoutePolling;
import dev.herald.interop.lab.Silence;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each router does with herald's routes when herald's BFD goes Down while graceful restart
 * is negotiated and herald sends C = 0 (RFC 5882 4.3): the measurements behind ADR 0016's table
 * "What each router does with C = 0". Not part of {@code verify} (about 15 s a case); run once per
 * router release:
 * <pre>
 *   nice -n 19 ./mvnw -B -ntp -pl interop-tests -am verify -Dit.test=BfdControlPlaneDownBenchmark \
 *     -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>herald (the daemon, graceful restart on, restart time 120 s, no BFD of its own yet) announces
 * a prefix to the router, which has BFD on that neighbour at 100 ms x 3; the test's own
 * {@link BfdTransport} in herald's namespace, from herald's address, plays herald's BFD (C = 0).
 * Two events, each polled on the router's table every 20 ms:
 * <ol>
 * <li>a dead host: herald's namespace drops every packet (herald still running): the time until
 *     the prefix leaves the router's table, or "kept" when it is still there after 5 s (well past
 *     the 300 ms detection time, short of the 9 s hold time: the router keeps it as stale for the
 *     restart time);</li>
 * <li>then, the namespace open again and everything back Up, a planned restart: AdminDown first
 *     (RFC 5882 3.2), then SIGTERM to herald (which keeps its routes with the router as a graceful
 *     restart): the number of 20 ms polls over 3 s that miss the prefix (0 is what a planned
 *     restart wants).</li>
 * </ol>
 * Each router runs twice: BFD plain (FRR {@code neighbor X bfd}, BIRD {@code bfd on}) and with the
 * router's graceful-restart coupling (FRR {@code neighbor X bfd check-control-plane-failure}, BIRD
 * {@code bfd graceful}).
 */
@ExtendWith(RequiresHeraldLab.class)
class BfdControlPlaneDownBenchmark {
    private static final IpPrefix PREFIX = IpPrefix.parse("203.0.113.0/24");
    private static final RouterConfig.Bfd ROUTER_BFD = RouterConfig.Bfd.of(100, 100, 3);
    private static final Parameters HERALD_BFD = new Parameters(100_000, 100_000, 3);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long KEPT_AFTER_MS = 5000;
    private static final long POLL_MS = 20;

    @ParameterizedTest(name = "{0}, graceful coupling {1}")
    @CsvSource({"FRR_HOST,false", "FRR_HOST,true", "FRR_SID,false", "FRR_SID,true", "BIRD_HOST,false", "BIRD_HOST,true",
            "BIRD_SID,false", "BIRD_SID,true", "BIRD3_SID,false", "BIRD3_SID,true"})
    void routesAfterADeadHostAndAfterAPlannedRestart(RouterKind kind, boolean graceful) throws Exception {
        kind.require();
        try (LabLink link = LabLink.create("bfd-c0-" + kind.name() + (graceful ? "-graceful" : ""))) {
            RouterConfig.Bfd bfd = graceful ? ROUTER_BFD.withGraceful() : ROUTER_BFD;
            RouterConfig config = RouterConfig.standard(link)
                    .withOptions(RouterConfig.Options.NONE.withGracefulRestart().withBfd(bfd));
            Router router = link.own(kind.start(link.routerNs(), config, link.logDir().resolve("router")));
            Herald herald = link.own(Herald.start(link.speakerNs(), heraldConfig(link), link.logDir().resolve("herald")));
            BfdTransport bfdSide = link.own(BfdTransport.start(NetnsSocket.threadsIn(link.speakerNs(), "herald-bfd")));
            BfdTransport.Handle session = bfdSide.add(SessionSpec.singleHop(link.speakerV4(), link.routerV4(), 0, HERALD_BFD),
                    (s, c) -> { });
            awaitReady(router, link, session, "first");
            String version = router.version();

            // 1. A dead host.
            long gone;
            try (Silence silence = Silence.of(link.speakerNs())) {
                gone = RoutePolling.msUntilGone(router, PREFIX, KEPT_AFTER_MS, POLL_MS);
                router.snapshot("silent");
            }
            // 2. A planned restart, once everything is back.
            router.await("herald's session back after the silence", TIMEOUT,
                    () -> router.isEstablished(link.speakerV4()) ? java.util.Optional.of(true) : java.util.Optional.empty());
            awaitReady(router, link, session, "after the silence");
            bfdSide.adminDown(session);
            herald.stop(Duration.ofSeconds(30));
            int[] adminDownFirst = RoutePolling.misses(router, PREFIX, 3000, POLL_MS);
            router.snapshot("planned-admindown-first");

            // 3. The other order: BGP first (SIGTERM: herald ends the session as a graceful restart), BFD's AdminDown once
            // the router has seen the BGP session go.
            Herald second = link.own(Herald.start(link.speakerNs(), heraldConfig(link), link.logDir().resolve("herald-2")));
            bfdSide.adminUp(session);
            awaitReady(router, link, session, "herald restarted");
            second.stop(Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            router.await("the router sees herald's BGP session go", TIMEOUT,
                    () -> router.isEstablished(link.speakerV4()) ? java.util.Optional.empty() : java.util.Optional.of(true));
            bfdSide.adminDown(session);
            int[] bgpFirst = RoutePolling.misses(router, PREFIX, Math.max(0, 3000 - (System.nanoTime() - t0) / 1_000_000), POLL_MS);
            router.snapshot("planned-bgp-first");

            System.err.printf("[bfd-c0] %s (%s) %s: dead host: %s; planned restart, AdminDown then SIGTERM: %d of %d polls"
                            + " without the prefix; SIGTERM then AdminDown: %d of %d%n", kind, version,
                    graceful ? graceful(kind) : plain(kind), gone < 0 ? "kept after " + KEPT_AFTER_MS + " ms" : "gone after " + gone
                            + " ms", adminDownFirst[0], adminDownFirst[1], bgpFirst[0], bgpFirst[1]);
        }
    }

    private static String plain(RouterKind kind) {
        return kind.impl() == RouterKind.Impl.FRR ? "'neighbor X bfd'" : "'bfd on'";
    }

    private static String graceful(RouterKind kind) {
        return kind.impl() == RouterKind.Impl.FRR ? "'neighbor X bfd' + 'neighbor X bfd check-control-plane-failure'"
                : "'bfd graceful'";
    }

    private static String heraldConfig(LabLink link) {
        return HeraldYaml.lab().peer(link.heraldPeer("r1").families("ipv4-unicast").holdTime(9).connectRetry(1)
                .line("graceful-restart: { restart-time: 120 }")).statics(PREFIX.toString()).build();
    }

    private static void awaitReady(Router router, LabLink link, BfdTransport.Handle session, String when) {
        router.await("herald's prefix, BGP and BFD Up (" + when + ")", TIMEOUT, () ->
                session.state() == State.UP && router.isEstablished(link.speakerV4()) && !router.routes(PREFIX).isEmpty()
                        && router.bfdSessions().stream().anyMatch(s -> s.up())
                        ? java.util.Optional.of(true) : java.util.Optional.empty());
        // Let the router's stale marks of an earlier event clear (End-of-RIB) before the next one.
        Lab.sleep(1000);
    }
}
