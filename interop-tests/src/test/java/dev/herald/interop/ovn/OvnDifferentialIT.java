package dev.herald.interop.ovn;

import dev.herald.interop.kernel.AnnouncedViews;
import dev.herald.interop.kernel.KernelRouteRow;
import dev.herald.interop.kernel.TableDiff;
import dev.herald.interop.lab.DifferentialRun;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17: the OVN source against ovn-controller itself, on OVN 25.03 (trixie tree) and 26.03
 * (sid tree). ovn-controller of chassis gw1 (OVS userspace) runs in herald's namespace and
 * installs there the blackhole routes it would have FRR redistribute ({@link OvnControllerRoutes}:
 * protocol 84, metric 100 or 1000, one table per router); herald reads the same SB and announces
 * to FRR. After each step of a seeded random sequence ({@link RandomOvnOps}) herald's
 * Adj-RIB-Out (the admin socket, cheap to poll) and, after every {@value #FRR_EVERY}th step and
 * the last, FRR's BGP table must equal ovn-controller's routes: prefix and MED (herald's MEDs are
 * ovn-controller's metrics, 100 and 1000). The waits are bounds for convergence, never speed
 * checks; every NB change is made with {@code --wait=hv}, so ovn-controller has seen it when the
 * comparison starts.
 *
 * <p>No VRF device: this kernel has no VRF module, and ovn-controller needs none: without
 * dynamic-routing-maintain-vrf it writes into the table id alone (route_exchange_run: it creates
 * a VRF only for maintain-vrf, and then skips the router when that fails). The second chassis
 * gw2 is a Chassis row (ovn-sbctl chassis-add), not a second ovn-controller: see {@link #gw2}.
 *
 * <p>{@code -Dherald.ovn.diff.seed=N} replays a seed (printed at the start and in every
 * failure); {@code -Dherald.ovn.diff.steps=N} sets the steps per OVN version (200).
 */
class OvnDifferentialIT {
    static final long CONVERGE_MILLIS = 15_000;
    static final int RECENT_STEPS = 8;
    static final int FRR_EVERY = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void lab() {
        Lab.requireLab();
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
    }

    @ParameterizedTest(name = "OVN {0}")
    @EnumSource(OvnTree.class)
    void heraldAnnouncesWhatOvnControllerInstalls(OvnTree tree) {
        tree.require();
        DifferentialRun.Seed s = DifferentialRun.Seed.announce("ovn", "OvnDifferentialIT", "OVN " + tree.release());
        long seed = s.seed();
        int steps = s.steps();
        long t0 = System.nanoTime();
        LabLink link = LabLink.create("ovndiff" + tree.suite());
        try (link) {
            OvnCluster ovn = link.own(OvnCluster.start(tree, link.speakerNs(), link.logDir().resolve("ovn"), "gw1", false, false));
            Router router = RouterKind.FRR_HOST.startOn(link);
            ovn.gatewayRouter("gw1");
            gw2(ovn);
            ovn.nbctl(withWait(RandomOvnOps.setup())).check();
            Path socket = link.logDir().resolve("herald.sock");
            String yaml = OvnSourceIT.heraldYaml(link, "unix:" + ovn.sbSocketFromHost(), ovn.ovsRemoteFromHost())
                    + "admin:\n  socket: " + socket + "\n";
            Herald herald = link.own(Herald.start(link.speakerNs(), yaml, link.logDir().resolve("herald")));
            router.await("session with herald Established", TIMEOUT, () -> {
                herald.checkAlive();
                return router.peer(link.speakerV4()).filter(p -> p.established());
            });
            Run r = new Run(tree, link, ovn, router, herald, socket, seed, s.replay());
            r.converge(0, true);
            for (int i = 1; i <= steps; i++) {
                r.apply(i);
                r.converge(i, i % FRR_EVERY == 0 || i == steps);
            }
            System.out.printf("[ovn-diff] OVN %s: seed %d passed: %d steps, %d prefixes at most (%d steps with a MED %d); %s;"
                    + " %.1f s applying the steps, %.1f s in all%n", tree.release(), seed, steps, r.maxPrefixes, r.localSteps,
                    OvnControllerRoutes.LOCAL_METRIC, r.record.timing(), r.applyNanos / 1e9, (System.nanoTime() - t0) / 1e9);
            r.excused.forEach((name, at) -> System.out.println("[ovn-diff] OVN " + tree.release() + ": known difference \""
                    + name + "\" (herald right, ovn-controller not) at " + at.size() + " steps, first " + at.iterator().next()));
        }
    }

    /**
     * The other gateway chassis, gw2: a Chassis row only. A second real ovn-controller would
     * change nothing this test can see: the oracle is gw1's kernel, and gw1 gives a gateway up
     * when northd names another chassis (l3gateway) or when its port's only gateway chassis is
     * another one. What a second one would add, a gateway port with two gateway chassis and the
     * priority deciding, needs BFD between the chassis over geneve tunnels (ha_chassis_group_is_active:
     * without active tunnels no member is active), which two userspace datapaths in one lab do not
     * give; so {@link RandomOvnOps} moves a gateway port in one transaction from [gw1] to [gw2].
     */
    static void gw2(OvnCluster ovn) {
        ovn.sbctl("chassis-add", "gw2", "geneve", "127.0.0.2").check();
    }

    /** ovn-nbctl --wait=hv ARGS: returns when northd wrote the SB and ovn-controller caught up with it. */
    static String[] withWait(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("--wait=hv"));
        cmd.addAll(args);
        return cmd.toArray(String[]::new);
    }

    /** One sequence: the lab, the operations applied so far and what the checks measured. */
    static final class Run {
        final OvnTree tree;
        final LabLink link;
        final OvnCluster ovn;
        final Router router;
        final Herald herald;
        final Path socket;
        final long seed;
        final String replay;
        final RandomOvnOps ops;
        final DifferentialRun record;
        final List<KnownDifferences.Known> known;
        /** Per known difference: the steps where it excused routes of ovn-controller. */
        final Map<String, Set<Integer>> excused = new TreeMap<>();
        int maxPrefixes;
        int localSteps;
        /** Time spent applying steps (ovn-nbctl --wait=hv, ovs-vsctl). */
        long applyNanos;

        Run(OvnTree tree, LabLink link, OvnCluster ovn, Router router, Herald herald, Path socket, long seed, String replay) {
            this.tree = tree;
            this.link = link;
            this.ovn = ovn;
            this.router = router;
            this.herald = herald;
            this.socket = socket;
            this.seed = seed;
            this.replay = replay;
            this.ops = new RandomOvnOps(seed, tree);
            this.record = new DifferentialRun(link.logDir().resolve("operations.log"), RECENT_STEPS);
            this.known = KnownDifferences.of(tree);
        }

        /** ovn-controller's routes now, without those a known difference excuses (counted for the report). */
        Map<IpPrefix, Long> oracle(int step) {
            return OvnControllerRoutes.of(KernelRouteRow.readAll(link.speakerNs()), r -> {
                for (KnownDifferences.Known k : known) {
                    if (k.excuses().test(r, ops)) {
                        excused.computeIfAbsent(k.name(), x -> new TreeSet<>()).add(step);
                        return false;
                    }
                }
                return true;
            });
        }

        void apply(int i) {
            long t = System.nanoTime();
            RandomOvnOps.Step s = ops.next();
            record.step("step " + i + ": " + s.what() + (s.nb().isEmpty() ? "" : "\n  ovn-nbctl " + String.join(" ", s.nb()))
                    + (s.vsctl().isEmpty() ? "" : "\n  ovs-vsctl " + String.join(" ", s.vsctl())));
            if (!s.nb().isEmpty()) {
                check(i, ovn.nbctl(withWait(s.nb())));
            }
            if (!s.vsctl().isEmpty()) {
                check(i, ovn.vsctl(s.vsctl().toArray(String[]::new)));
                check(i, ovn.nbctl("--wait=hv", "sync"));
            }
            applyNanos += System.nanoTime() - t;
        }

        private void check(int step, Exec.Result r) {
            if (!r.ok()) {
                throw new AssertionError(prefix(step) + "a command of the step failed (a bug of RandomOvnOps' model): "
                        + r.command() + "\n" + r.stderr() + "\n--- the last steps ---\n" + record.recent());
            }
        }

        /** Waits until herald's Adj-RIB-Out (and, if {@code frr}, then FRR's table) equal ovn-controller's routes now. */
        void converge(int step, boolean frr) {
            long start = System.nanoTime();
            Map<IpPrefix, Long> expected = await(step, "herald's Adj-RIB-Out toward r1", 20,
                    () -> AnnouncedViews.herald(socket, "r1"));
            record.heraldAgreed(step, (System.nanoTime() - start) / 1_000_000);
            if (frr) {
                long t = System.nanoTime();
                await(step, "FRR's BGP table", 100, () -> AnnouncedViews.frr(router));
                record.routerAgreed((System.nanoTime() - t) / 1_000_000);
            }
            maxPrefixes = Math.max(maxPrefixes, expected.size());
            if (expected.containsValue((long) OvnControllerRoutes.LOCAL_METRIC)) {
                localSteps++;
            }
        }

        /** Polls until {@code view} equals ovn-controller's routes (both read anew each time); returns them. */
        private Map<IpPrefix, Long> await(int step, String what, long pollMillis, Supplier<Map<IpPrefix, Long>> view) {
            DifferentialRun.Agreement<Map<IpPrefix, Long>> a = DifferentialRun.await(CONVERGE_MILLIS, pollMillis,
                    herald::checkAlive, () -> oracle(step), view);
            if (a.agreed()) {
                return a.expected();
            }
            String msg = prefix(step) + what + " differs from ovn-controller's routes after " + CONVERGE_MILLIS / 1000 + " s: "
                    + TableDiff.of(a.expected(), a.got()) + "\nexpected (prefix=metric): " + a.expected()
                    + "\n--- the last steps ---\n" + record.recent()
                    + "\n--- ovn-controller's routes ---\n" + OvnControllerRoutes.describe(link.speakerNs())
                    + "\n--- SB Advertised_Route ---\n"
                    + ovn.sbctl("--columns=datapath,ip_prefix,logical_port,tracked_port", "list", "Advertised_Route").stdout()
                    + "\n--- herald log ---\n" + herald.logTail();
            record.write(msg);
            throw new AssertionError(msg);
        }

        private String prefix(int step) {
            return "[ovn-diff] OVN " + tree.release() + " seed " + seed + " (replay: " + replay + "), step " + step + ": ";
        }
    }
}
