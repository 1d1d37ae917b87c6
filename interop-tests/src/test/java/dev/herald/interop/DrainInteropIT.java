package dev.herald.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.BestPath;
import dev.herald.interop.lab.BestPathPoller;
import dev.herald.interop.lab.BestPathPoller.Sample;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.GracefulShutdownReceiver;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.PathAttributes;
import dev.herald.interop.lab.RequiresHeraldLab;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.SecondSpeaker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graceful drain (RFC 8326, issue 20) between two heralds: herald A and herald B, two processes in
 * two namespaces (router ids 192.0.2.1 and 192.0.2.2), announce the same prefix to one router, FRR
 * or BIRD of the sid tree, configured as its own documentation recommends for RFC 8326 receivers
 * ({@link GracefulShutdownReceiver}). A is the best path first: it sends MED 0, B MED 100, from the
 * same neighbour AS (the routers compare MED before the router id; FRR before its preference for the
 * already-selected eBGP path). A thread reads the router's best path every 20 ms after each query
 * ({@link BestPathPoller}) while A is made worse and better again:
 * <ol>
 *   <li>{@code herald drain} on A: the best path moves to B while A's path is still there; no
 *       reading without a best path; {@code herald undrain}: back to A, no gap;</li>
 *   <li>{@code herald shutdown --drain 2} on A: the best path moves to B before A withdraws
 *       (make before break), no gap;</li>
 *   <li>A started again: the best path back to A, no gap.</li>
 * </ol>
 * Over eBGP the routers act on the GRACEFUL_SHUTDOWN community (FRR by itself, BIRD by its import
 * filter); over iBGP herald also sends LOCAL_PREF 0 (FRR lowers only eBGP paths by itself).
 *
 * While drained, A's path shows LOCAL_PREF 0 at the router and, over eBGP, an AS_PATH two longer
 * ({@code drain.prepend: 2}, for routers not configured for the community).
 *
 * <p>What fails without the drain (checked by hand on FRR 10.7 and BIRD 2.20): with a plain
 * {@code herald shutdown} the router's table shows no reading without a best path either (B's path
 * is there all along), but B's path becomes the best only once A's is gone, break before make. A
 * BIRD without the import filter keeps A's drained path as the best without the prepend; with it,
 * B's path becomes the best through the longer AS_PATH alone and the LOCAL_PREF check fails (100).
 *
 * <p>Only A's side changes: {@link Trigger} is what makes A worse and better. Over eBGP (FRR and BIRD)
 * two more follow the drain, A's health checks (issue 20, ADR 0019), each a maintenance-file switch
 * ({@code pass-when: absent}, checked every 100 ms, rise and fall 1) that the test creates and removes:
 * <ul>
 *   <li>{@code degrade} ({@code med: 1000, as-path-prepend: 1}): as the drain, the best path moves to B
 *       while A's path is still there, no reading without a best path either way;</li>
 *   <li>{@code withdraw}: A's path goes and B's takes over; the readings without a best path are
 *       printed (the router's own re-selection), not asserted; back to A without a gap.</li>
 * </ul>
 */
@ExtendWith(RequiresHeraldLab.class)
class DrainInteropIT {
    static final IpPrefix PREFIX = IpPrefix.parse("203.0.113.0/24");
    static final long ROUTER_ASN = 65001;
    static final long POLL_PAUSE_MS = 20;
    /** Generous bounds for things to happen, never speed assertions. */
    static final long SETTLE_MS = 60_000;

    enum Session { EBGP, IBGP }

    /** What makes herald A's path worse at the router, what holds while it is, and what makes it better again. */
    record Trigger(String name, Runnable worse, Runnable whileWorse, Runnable better) {}

    /** One herald: its namespace, its address (its next hop at the router), the router's address, its router id and MED. */
    record Side(String name, Netns ns, InetAddress address, InetAddress router, String routerId, int med, Path socket, Path dir) {
        /** Toward eBGP also {@code drain.prepend: 2}: the drained path's AS_PATH gets longer as well. */
        String yaml(long asn) {
            // The health checks' switches: files in this side's directory (B's are never created).
            String checks = "health-checks:\n"
                    + "  - { name: degrade, file: { path: " + degradeSwitch() + ", pass-when: absent }, interval: 100ms,"
                    + " rise: 1, fall: 1, on-failure: { degrade: { med: 1000, as-path-prepend: 1 } }, match: {} }\n"
                    + "  - { name: withdraw, file: { path: " + withdrawSwitch() + ", pass-when: absent }, interval: 100ms,"
                    + " rise: 1, fall: 1, match: {} }\n";
            return HeraldYaml.lab().router(asn, routerId).admin(socket).top(asn == ROUTER_ASN ? "" : "drain:\n  prepend: 2")
                    .top(checks)
                    .peer(HeraldYaml.Peer.of("router", router, ROUTER_ASN).localAddress(address).families("ipv4-unicast")
                            .connectRetry(1).line("export: { med: " + med + " }"))
                    .statics(PREFIX.toString()).build();
        }

        Path degradeSwitch() {
            return dir.toAbsolutePath().resolve("degrade-switch");
        }

        Path withdrawSwitch() {
            return dir.toAbsolutePath().resolve("withdraw-switch");
        }

        Herald start(long asn, String run) {
            return Herald.start(ns, yaml(asn), dir.resolve(run), dir.resolve("state"));
        }

        void cli(String... args) {
            Exec.Result r = Herald.cli(socket, args);
            assertEquals(0, r.exitCode(), () -> "herald " + String.join(" ", args) + " on " + name + ": " + r);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(RouterKind.FRR_SID, Session.EBGP),
                Arguments.of(RouterKind.BIRD_SID, Session.EBGP),
                Arguments.of(RouterKind.FRR_SID, Session.IBGP));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void drainMovesTheBestPathToTheOtherHeraldBeforeAnythingIsWithdrawn(RouterKind kind, Session session) {
        kind.require();
        long t0 = System.nanoTime();
        try (LabLink link = LabLink.create("drain-" + kind.name() + "-" + session)) {
            SecondSpeaker second = SecondSpeaker.create(link);
            long heraldAsn = session == Session.IBGP ? ROUTER_ASN : 65010;
            Set<Family> v4 = Set.of(Family.IPV4_UNICAST);
            RouterConfig config = new RouterConfig(ROUTER_ASN, link.routerV4(), List.of(
                    new RouterConfig.Neighbor(link.speakerV4(), heraldAsn, link.routerV4(), v4),
                    new RouterConfig.Neighbor(second.speakerV4(), heraldAsn, second.routerV4(), v4)));
            Router router = link.own(kind.start(link.routerNs(), config, link.logDir().resolve("router")));
            GracefulShutdownReceiver.configure(router);

            Side a = new Side("A", link.speakerNs(), link.speakerV4(), link.routerV4(), "192.0.2.1", 0,
                    Path.of("/tmp", link.name() + "-a.sock"), link.logDir().resolve("herald-a"));
            Side b = new Side("B", second.ns(), second.speakerV4(), second.routerV4(), "192.0.2.2", 100,
                    Path.of("/tmp", link.name() + "-b.sock"), link.logDir().resolve("herald-b"));
            Function<InetAddress, String> names = nh -> nh.equals(a.address()) ? "A" : nh.equals(b.address()) ? "B" : nh.getHostAddress();
            Herald heraldA = link.own(a.start(heraldAsn, "run-1"));
            link.own(b.start(heraldAsn, "run-1"));
            router.await("both heralds' paths, A's the best", Duration.ofMillis(SETTLE_MS), () -> {
                heraldA.checkAlive();
                BestPath p = BestPath.read(router, PREFIX);
                return a.address().equals(p.best()) && p.has(b.address()) ? Optional.of(p) : Optional.empty();
            });
            long readyAt = System.nanoTime();

            BestPathPoller poller = link.own(BestPathPoller.start(router, PREFIX, POLL_PAUSE_MS, names));
            // Drained, A's path has LOCAL_PREF 0 at the router: over eBGP the router's own doing (the
            // community on receipt), over iBGP herald's; over eBGP its AS_PATH is 2 longer (drain.prepend).
            List<Long> drainedAsPath = session == Session.IBGP ? List.of() : List.of(65010L, 65010L, 65010L);
            Trigger drain = new Trigger("herald drain / undrain",
                    () -> a.cli("drain", "--message", "DrainInteropIT"),
                    () -> {
                        PathAttributes drained = PathAttributes.read(router, PREFIX, a.address())
                                .orElseThrow(() -> new AssertionError("A's path gone while drained"));
                        assertEquals(0L, drained.localPref(), "LOCAL_PREF of A's drained path at the router: " + drained);
                        assertEquals(drainedAsPath, drained.asPath(), "AS_PATH of A's drained path at the router");
                    },
                    () -> a.cli("undrain"));
            worseThenBetter(poller, drain, a, b, names);
            String withdrawLine = "";
            if (session == Session.EBGP) {
                Trigger degrade = new Trigger("health check degrade",
                        () -> touch(a.degradeSwitch()),
                        () -> {
                            PathAttributes degraded = PathAttributes.read(router, PREFIX, a.address())
                                    .orElseThrow(() -> new AssertionError("A's path gone while degraded"));
                            assertEquals(List.of(65010L, 65010L), degraded.asPath(), "AS_PATH of A's degraded path at the router");
                        },
                        () -> delete(a.degradeSwitch()));
                worseThenBetter(poller, degrade, a, b, names);
                withdrawLine = "; " + withdrawMode(poller, a, b, names);
            }

            // shutdown --drain: drained, 2 s with the session up, then withdrawn and Cease.
            int mark = poller.mark();
            long sentAt = poller.nowNanos();
            a.cli("shutdown", "--drain", "2");
            int gone = poller.awaitSample(mark, "A's path withdrawn", SETTLE_MS, s -> s.error() == null && !s.path().has(a.address()));
            List<Sample> shutdown = poller.since(mark);
            String shutdownLine = report("shutdown --drain 2", shutdown, sentAt, names);
            int moved = firstBest(shutdown, b.address());
            assertTrue(moved >= 0 && moved < gone && shutdown.get(moved).path().has(a.address()),
                    "the best path moved to B only when A's path was gone (break before make):\n" + BestPathPoller.timeline(shutdown, names));
            assertNoGap(shutdown, "shutdown --drain 2", names);

            // A comes back: the best path returns to it.
            mark = poller.mark();
            sentAt = poller.nowNanos();
            link.own(a.start(heraldAsn, "run-2"));
            poller.awaitSample(mark, "A's path the best again after its restart", SETTLE_MS, s -> s.bestIs(a.address()));
            List<Sample> restart = poller.since(mark);
            String restartLine = report("A started again", restart, sentAt, names);
            assertNoGap(restart, "A started again", names);

            List<Sample> all = poller.since(0);
            System.err.println("[drain] " + kind + " (" + router.version() + ") over " + session + ": " + all.size() + " readings, "
                    + all.stream().filter(Sample::noBest).count() + " without a best path; " + shutdownLine + "; " + restartLine
                    + withdrawLine
                    + "; lab ready in " + (readyAt - t0) / 1_000_000 + " ms, test " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    /**
     * {@code trigger.worse()} moves the router's best path from A to B while A's path is still there,
     * {@code trigger.better()} moves it back; no reading without a best path in between.
     */
    static void worseThenBetter(BestPathPoller poller, Trigger trigger, Side a, Side b, Function<InetAddress, String> names) {
        int mark = poller.mark();
        long sentAt = poller.nowNanos();
        trigger.worse().run();
        int moved = poller.awaitSample(mark, "B's path the best after " + trigger.name(), SETTLE_MS, s -> s.bestIs(b.address()));
        List<Sample> worse = poller.since(mark);
        String worseLine = report(trigger.name() + ": worse", worse, sentAt, names);
        assertTrue(worse.get(moved).path().has(a.address()), "A's path was gone when B's became the best:\n"
                + BestPathPoller.timeline(worse, names));
        assertNoGap(worse, trigger.name() + ": worse", names);
        trigger.whileWorse().run();

        mark = poller.mark();
        sentAt = poller.nowNanos();
        trigger.better().run();
        poller.awaitSample(mark, "A's path the best again after " + trigger.name(), SETTLE_MS, s -> s.bestIs(a.address()));
        List<Sample> better = poller.since(mark);
        String betterLine = report(trigger.name() + ": better", better, sentAt, names);
        assertNoGap(better, trigger.name() + ": better", names);
        System.err.println("[drain] " + worseLine + "; " + betterLine);
    }

    /**
     * A's withdraw-mode check fails: A's path goes, B's takes over; the readings without a best path
     * between are counted and printed, not asserted (the router re-selects after the withdrawal). The
     * check passing again brings A back as the best path without a gap.
     */
    static String withdrawMode(BestPathPoller poller, Side a, Side b, Function<InetAddress, String> names) {
        int mark = poller.mark();
        long sentAt = poller.nowNanos();
        touch(a.withdrawSwitch());
        poller.awaitSample(mark, "A's path withdrawn and B's the best (health check withdraw)", SETTLE_MS,
                s -> s.error() == null && !s.path().has(a.address()) && s.bestIs(b.address()));
        String downLine = report("health check withdraw: down", poller.since(mark), sentAt, names);
        mark = poller.mark();
        sentAt = poller.nowNanos();
        delete(a.withdrawSwitch());
        poller.awaitSample(mark, "A's path the best again (health check withdraw passing)", SETTLE_MS, s -> s.bestIs(a.address()));
        List<Sample> up = poller.since(mark);
        assertNoGap(up, "health check withdraw: up", names);
        return downLine + " (the gap); " + report("health check withdraw: up", up, sentAt, names);
    }

    static void touch(Path file) {
        try {
            java.nio.file.Files.createFile(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            java.nio.file.Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int firstBest(List<Sample> samples, InetAddress nextHop) {
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).bestIs(nextHop)) {
                return i;
            }
        }
        return -1;
    }

    static void assertNoGap(List<Sample> samples, String what, Function<InetAddress, String> names) {
        long errors = samples.stream().filter(s -> s.error() != null).count();
        long gaps = samples.stream().filter(Sample::noBest).count();
        assertEquals(0, errors, () -> what + ": router queries failed:\n" + BestPathPoller.timeline(samples, names));
        assertEquals(0, gaps, () -> what + ": readings without a best path:\n" + BestPathPoller.timeline(samples, names));
    }

    /** "WHAT: N readings, best A a, B b, none n; the best path changed X ms after the command". */
    static String report(String what, List<Sample> samples, long sentAtNanos, Function<InetAddress, String> names) {
        long none = samples.stream().filter(Sample::noBest).count();
        String counts = samples.stream().filter(s -> s.error() == null && s.path().best() != null)
                .collect(java.util.stream.Collectors.groupingBy(s -> names.apply(s.path().best()), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())).toString();
        String change = "";
        if (!samples.isEmpty() && samples.getFirst().error() == null) {
            InetAddress first = samples.getFirst().path().best();
            for (Sample s : samples) {
                if (s.error() == null && !java.util.Objects.equals(first, s.path().best())) {
                    change = ", best path changed " + (s.atNanos() - sentAtNanos) / 1_000_000 + " ms after the command was started";
                    break;
                }
            }
        }
        return what + ": " + samples.size() + " readings, best " + counts + ", none " + none + change;
    }
}
