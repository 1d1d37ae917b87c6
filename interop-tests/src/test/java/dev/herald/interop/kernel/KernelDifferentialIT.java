package dev.herald.interop.kernel;

import dev.herald.interop.lab.DifferentialRun;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the kernel source against the kernel itself. Seeded random {@code ip route}
 * operations run in herald's namespace (add, append, replace, delete, metric changes, moves
 * between tables, type changes, IPv4 and IPv6, configured tables, protocols, types and prefix
 * ranges and others, a second link taken down and up and stripped of its IPv4 address, bursts of
 * 20 to 100 with no wait); after each step the announced table,
 * prefix and MED, must equal what {@link KernelOracle} derives from {@code ip -j route show
 * table all}: herald's own Adj-RIB-Out (the admin socket, cheap to poll) after every step, and
 * FRR's BGP table after every burst, every {@value #FRR_EVERY}th step and the last one (a vtysh
 * round costs more than a step; what herald holds but has not sent shows at the next FRR check,
 * since the oracle is the kernel's whole current state). The waits are bounds for convergence,
 * never speed checks.
 *
 * <p>{@code -Dherald.kernel.diff.seed=N} replays a seed (printed at the start and in every
 * failure); {@code -Dherald.kernel.diff.steps=N} sets the checked steps per profile (200).
 */
class KernelDifferentialIT {
    /** Steps run before herald starts, so that its initial dump has something to read. */
    static final int UNCHECKED_BEFORE_START = 15;
    static final long CONVERGE_MILLIS = 15_000;
    static final int RECENT_STEPS = 8;
    static final int FRR_EVERY = 5;

    /** Every filter set: some tables, protocols, types and ranges the operations use, and some not. */
    static final Profile EXPLICIT = new Profile("explicit", """
            tables: [10, 1000, main]
            protocols: [static, ovn, 200]
            types: [unicast, blackhole, unreachable]
            prefixes: ["192.0.2.0/24 le 32", "198.51.100.0/24 ge 26", "0.0.0.0/0", "2001:db8:1::/48 le 128", "2001:db8:2::/56 ge 64 le 120"]
            metric-as-med: true
            """, KernelOracle.of(Set.of(10L, 1000L, 254L), Set.of(4, 84, 200), Set.of(1, 6, 7),
            List.of("192.0.2.0/24 le 32", "198.51.100.0/24 ge 26", "0.0.0.0/0", "2001:db8:1::/48 le 128",
                    "2001:db8:2::/56 ge 64 le 120")));

    /** Tables only: every protocol but kernel, the default types, every prefix but the default routes. */
    static final Profile DEFAULTS = new Profile("defaults", """
            tables: [main, 10]
            metric-as-med: true
            """, KernelOracle.of(Set.of(254L, 10L), null, Set.of(1, 6, 7, 8), null));

    record Profile(String name, String kernelSection, KernelOracle oracle) {
    }

    @BeforeAll
    static void lab() {
        Lab.requireLab();
    }

    @Test
    void explicitFilters() {
        run(EXPLICIT);
    }

    @Test
    void defaultFilters() {
        run(DEFAULTS);
    }

    void run(Profile profile) {
        DifferentialRun.Seed s = DifferentialRun.Seed.announce("kernel", "KernelDifferentialIT#"
                + (profile == EXPLICIT ? "explicitFilters" : "defaultFilters"), profile.name());
        long seed = s.seed();
        int steps = s.steps();
        long t0 = System.nanoTime();
        try (KernelLab lab = KernelLab.create("kdiff-" + profile.name())) {
            lab.batch("link2", RouteSpecs.link2Setup());
            Run r = new Run(lab, profile, seed, s.replay());
            for (int i = 1; i <= UNCHECKED_BEFORE_START; i++) {
                r.apply(-i);
            }
            lab.startHerald(profile.kernelSection());
            r.converge(0, true);
            for (int i = 1; i <= steps; i++) {
                boolean burst = r.apply(i);
                r.converge(i, burst || i % FRR_EVERY == 0 || i == steps);
            }
            System.out.printf("[kernel-diff] %s: seed %d passed: %d steps, %d operations (%d failed in the kernel, %d bursts),"
                    + " %d prefixes at most; %s; %.1f s in all%n", profile.name(), seed, steps, r.operations, r.failed,
                    r.bursts, r.maxPrefixes, r.record.timing(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** One sequence: the operations applied so far and what the checks measured. */
    static final class Run {
        final KernelLab lab;
        final Profile profile;
        final long seed;
        final String replay;
        final RandomRouteOps ops;
        final DifferentialRun record;
        int operations;
        int failed;
        int bursts;
        int maxPrefixes;

        Run(KernelLab lab, Profile profile, long seed, String replay) {
            this.lab = lab;
            this.profile = profile;
            this.seed = seed;
            this.replay = replay;
            this.ops = new RandomRouteOps(seed, lab.link.routerV4().getHostAddress(), IpPrefix.format(lab.link.routerV6()),
                    "veth0");
            this.record = new DifferentialRun(lab.link.logDir().resolve("operations.log"), RECENT_STEPS);
        }

        /** Draws step {@code i} (negative: before herald runs) and applies it with one {@code ip -batch}; true for a burst. */
        boolean apply(int i) {
            List<String> lines = ops.step(KernelRouteRow.readAll(lab.link.speakerNs()));
            Exec.Result r = lab.batchAllowingErrors("step", lines);
            long errors = r.stderr().lines().filter(l -> l.startsWith("Command failed")).count();
            operations += lines.size();
            failed += (int) errors;
            if (lines.size() > 2) {
                bursts++;
            }
            String text = "step " + i + (lines.size() > 2 ? " (burst of " + lines.size() + ")" : "") + ":\n  "
                    + String.join("\n  ", lines) + (r.stderr().isBlank() ? "" : "\n  kernel said: "
                    + r.stderr().strip().replace("\n", "\n  kernel said: "));
            record.step(text);
            return lines.size() > 2;
        }

        /** Waits until herald's Adj-RIB-Out (and, if {@code frr}, then FRR's table) equal the oracle's view of the kernel now. */
        void converge(int step, boolean frr) {
            long start = System.nanoTime();
            Map<IpPrefix, Long> expected = profile.oracle().expected(KernelRouteRow.readAll(lab.link.speakerNs()));
            await(step, "herald's Adj-RIB-Out toward r1", expected, 20,
                    () -> AnnouncedViews.herald(lab.adminSocket(), "r1"));
            record.heraldAgreed(step, (System.nanoTime() - start) / 1_000_000);
            if (frr) {
                long t = System.nanoTime();
                await(step, "FRR's BGP table", expected, 100, () -> AnnouncedViews.frr(lab.router));
                record.routerAgreed((System.nanoTime() - t) / 1_000_000);
            }
            maxPrefixes = Math.max(maxPrefixes, expected.size());
        }

        private void await(int step, String what, Map<IpPrefix, Long> expected, long pollMillis,
                Supplier<Map<IpPrefix, Long>> view) {
            DifferentialRun.Agreement<Map<IpPrefix, Long>> a = DifferentialRun.await(CONVERGE_MILLIS, pollMillis,
                    lab.herald::checkAlive, () -> expected, view);
            if (a.agreed()) {
                return;
            }
            Map<IpPrefix, Long> got = a.got();
            String msg = "[kernel-diff] " + profile.name() + " seed " + seed + " (replay: " + replay + "), step " + step + ": "
                    + what + " differs from the kernel's routes after " + CONVERGE_MILLIS / 1000 + " s: "
                    + TableDiff.of(expected, got) + "\nexpected (prefix=MED): " + expected
                    + "\n--- the last steps ---\n" + record.recent()
                    + "\n--- the kernel's routes in the pool ---\n" + poolRoutes()
                    + "\n--- herald log ---\n" + lab.herald.logTail();
            record.write(msg);
            throw new AssertionError(msg);
        }

        private String poolRoutes() {
            StringBuilder sb = new StringBuilder();
            for (KernelRouteRow r : KernelRouteRow.readAll(lab.link.speakerNs())) {
                if (RouteSpecs.inPool(r.prefix())) {
                    sb.append(profile.oracle().counts(r) ? "  counts: " : "  ignored: ").append(r).append('\n');
                }
            }
            return sb.toString();
        }
    }
}
