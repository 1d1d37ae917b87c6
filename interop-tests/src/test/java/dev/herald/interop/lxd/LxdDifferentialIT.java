package dev.herald.interop.lxd;

import dev.herald.interop.kernel.AnnouncedViews;
import dev.herald.interop.lab.DifferentialRun;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the LXD source against the daemon's own BGP server, for LXD 5.0.2 (host) and Incus
 * 7.0 (sid tree). One daemon per run; its BGP server ({@code core.bgp_*}, the peer on the anchor
 * network) announces to one FRR 10.3, herald (reading the daemon's socket) to another. Seeded
 * random steps ({@link RandomLxdOps}), one client command each; after each, herald's
 * Adj-RIB-Out and the reference router's table must agree but for the {@link KnownDifference}s,
 * each judged on the test's own record of what it made ({@link LxdWorld}); every tenth step and
 * the last are checkpoints where a marker (the marker instance's NIC route, which both announce)
 * is flipped first and both must hold it, so nothing still on its way passes as agreement, and
 * FRR r1's own table must equal herald's Adj-RIB-Out. The wait is a bound for convergence
 * (20 s), never a speed check.
 *
 * <p>{@code -Dherald.lxd.diff.seed=N} replays a seed (printed at the start and in every failure);
 * {@code -Dherald.lxd.diff.steps=N} sets the steps per daemon (200).
 */
class LxdDifferentialIT {
    static final long CONVERGE_MILLIS = 20_000;
    static final int RECENT_STEPS = 12;
    /** Every this many steps (and at the last) a marker makes sure both sides applied everything before comparing. */
    static final int MARKER_EVERY = 10;

    @BeforeAll
    static void lab() {
        Lab.requireLab();
    }

    @Test
    void lxd() {
        run(DaemonKind.LXD, 251);
    }

    @Test
    void incus() {
        run(DaemonKind.INCUS, 252);
    }

    void run(DaemonKind kind, int octet) {
        DifferentialRun.Seed s = DifferentialRun.Seed.announce("lxd", "LxdDifferentialIT#" + kind.dirLabel, kind.toString());
        long seed = s.seed();
        int steps = s.steps();
        LxdLab.requireUnusedByHost("198.19.9.", "198.19.10.", "198.19.11.", "198.19.12.", "198.19." + octet + ".", "fd00:19:9:",
                "fd00:19:10:", "fd00:19:11:", "fd00:19:12:", "fd00:19:" + octet + ":", "203.0.113.", "198.51.100.", "2001:db8:");
        long t0 = System.nanoTime();
        try (LxdLab lab = LxdLab.create("lxdiff-" + kind.dirLabel, kind, RouterKind.FRR_TRIXIE);
                LxdBgpRef ref = LxdBgpRef.start(lab.lxd, RouterKind.FRR_TRIXIE, octet, lab.link.logDir().resolve("frr-ref"))) {
            Run r = new Run(kind, lab, ref, new LxdWorld(kind, "hl" + ProcessHandle.current().pid() % 1_000_000 + kind.dirLabel.charAt(0)),
                    seed, s.replay());
            r.setUp();
            long s0 = System.nanoTime();
            System.out.printf("[lxd-diff] %s: set up in %.1f s%n", kind, (s0 - t0) / 1e9);
            for (int i = 1; i <= steps; i++) {
                r.step(i, steps);
            }
            System.out.printf("[lxd-diff] %s: client time per step kind (ms, summed): %s; refused, first reason per kind: %s%n", kind,
                    r.commandTime, r.refused.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().getFirst()).toList());
            System.out.printf("[lxd-diff] %s: seed %d passed: %d steps (%s), %d refused by the daemon (%s); known differences"
                    + " seen (prefix-steps): %s; %d prefixes at most; agreed after median %d ms, max %d ms (step %d);"
                    + " %d checkpoints with FRR r1 checked; %d network deletes retried after LXD's firewall bug; steps %.1f s, %.1f s in all%n",
                    kind, seed, steps, r.kinds, r.refusedCount(), r.refused.keySet(), r.explained, r.maxPrefixes, DifferentialRun.median(r.millis),
                    r.maxMillis, r.maxStep, r.frrChecks, r.firewallRetries, (System.nanoTime() - s0) / 1e9,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** One sequence against one daemon. */
    static final class Run {
        final DaemonKind kind;
        final LxdLab lab;
        final LxdBgpRef ref;
        final LxdWorld world;
        final RandomLxdOps ops;
        final long seed;
        final String replay;
        final Path opsLog;
        final Deque<String> recent = new ArrayDeque<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        /** The client's time per step kind (ms, summed), refused commands included. */
        final Map<String, Long> commandTime = new TreeMap<>();
        final Map<String, List<String>> refused = new TreeMap<>();
        final Map<KnownDifference, Integer> explained = new EnumMap<>(KnownDifference.class);
        final List<Long> millis = new ArrayList<>();
        int maxPrefixes;
        int frrChecks;
        int firewallRetries;
        /** The index of the marker now announced. */
        int marker;
        long heraldMarker;
        long daemonMarker;
        long maxMillis;
        int maxStep;

        Run(DaemonKind kind, LxdLab lab, LxdBgpRef ref, LxdWorld world, long seed, String replay) {
            this.kind = kind;
            this.lab = lab;
            this.ref = ref;
            this.world = world;
            this.seed = seed;
            this.replay = replay;
            this.ops = new RandomLxdOps(seed, world, kind.startsContainers);
            this.opsLog = lab.link.logDir().resolve("operations.log");
        }

        /** The anchor with the peer, the project, the marker instance and three more (two running), herald, both sessions, then step 0. */
        void setUp() {
            lab.lxd.network(world.anchor, world.anchorConfig(ref.peerConfig(), !kind.startsContainers).toArray(String[]::new));
            lab.lxd.project(world.project, "features.networks=false", "features.images=false", "features.profiles=true",
                    "restricted.devices.nic=allow");
            for (LxdWorld.Instance i : world.instances.values()) {
                List<String> args = new ArrayList<>(List.of("init", "busybox", i.name, "-n", world.anchor));
                args.addAll(i.projectArgs());
                lab.lxd.lxc(args.toArray(String[]::new));
            }
            if (kind.startsContainers) {
                lab.lxd.lxc("init", "busybox", LxdWorld.MARKER_INSTANCE, "-n", world.anchor);
                lab.lxd.lxc("config", "device", "set", LxdWorld.MARKER_INSTANCE, "eth0", "ipv4.routes.external=" + LxdWorld.MARKERS[0]);
                lab.lxd.lxc("start", LxdWorld.MARKER_INSTANCE);
            }
            for (String name : kind.startsContainers ? List.of("d1", "pd") : List.<String>of()) {
                LxdWorld.Instance i = world.instances.get(name);
                List<String> args = new ArrayList<>(List.of("start", i.name));
                args.addAll(i.projectArgs());
                lab.lxd.lxc(args.toArray(String[]::new));
                i.running = true;
            }
            lab.startHerald("nat-address-routes: true\n");
            ref.router.await(kind + "'s BGP session with the reference router", LxdLab.TIMEOUT,
                    () -> ref.router.peer(ref.daemonAddress).filter(p -> p.established()));
            converge(0, 0, true);
        }

        void step(int i, int last) {
            RandomLxdOps.Step s = ops.next();
            long t = System.nanoTime();
            Exec.Result r = lab.lxd.lxcUnchecked(s.args().toArray(String[]::new));
            if (!r.ok() && s.network() != null && r.stderr().contains("Failed deleting firewall")) {
                // LXD 5.0.2 with iptables-nft duplicates some of a bridge's rules when the bridge is set up again
                // (every network set), and its delete then stops half way (CHAIN_DEL busy) after its BGP server
                // withdrew the network, which stays in its API: a firewall bug outside this test's subject.
                // The lab's workaround drops the duplicates and deletes again.
                firewallRetries++;
                LxdDaemon.dedupeFirewall(s.network());
                r = lab.lxd.lxcUnchecked(s.args().toArray(String[]::new));
            }
            long commandMillis = (System.nanoTime() - t) / 1_000_000;
            commandTime.merge(s.kind(), commandMillis, Long::sum);
            boolean applied = r.ok() || s.network() != null && !networkExists(s.network());
            String text = "step " + i + ": " + kind.dirLabel + " " + s.text();
            if (applied) {
                s.onSuccess().run();
                if (s.kind().equals("network create")) {
                    lab.lxd.track(s.args().get(2));
                } else if (s.kind().equals("network delete")) {
                    lab.lxd.untrack(s.args().get(2));
                }
                kinds.merge(s.kind(), 1, Integer::sum);
            } else {
                String why = r.stderr().strip().replace('\n', ' ');
                refused.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(why);
                text += "\n  refused: " + why;
            }
            recent.addLast(text);
            while (recent.size() > RECENT_STEPS) {
                recent.removeFirst();
            }
            boolean checkpoint = i % MARKER_EVERY == 0 || i == last;
            long markerMillis = 0;
            if (checkpoint) {
                marker = (marker + 1) % 2;
                t = System.nanoTime();
                if (kind.startsContainers) {
                    lab.lxd.lxc("config", "device", "set", LxdWorld.MARKER_INSTANCE, "eth0", "ipv4.routes.external="
                            + LxdWorld.MARKERS[marker]);
                } else {
                    lab.lxd.lxc("network", "set", world.anchor, "ipv4.nat.address=" + LxdWorld.NAT_MARKERS[marker]);
                }
                markerMillis = (System.nanoTime() - t) / 1_000_000;
            }
            converge(i, System.nanoTime(), checkpoint);
            log(text + "\n  (" + commandMillis + " ms, marker " + markerMillis + " ms, agreed after " + millis.getLast()
                    + " ms; marker in herald's set after " + heraldMarker + " ms, in the daemon's after " + daemonMarker + " ms)");
        }

        private boolean networkExists(String name) {
            return lab.lxd.lxc("network", "list", "--format", "csv").lines().anyMatch(l -> l.startsWith(name + ","));
        }

        /**
         * Waits until herald's Adj-RIB-Out toward r1 and the reference router agree but for known
         * differences. At a checkpoint ({@code checkpoint}: step 0, every {@value #MARKER_EVERY}th
         * step and the last) both must first hold the new marker and not the old one, so that each
         * has applied every step before; there FRR r1's table must then also equal herald's
         * Adj-RIB-Out (a vtysh round costs more than polling herald's admin socket). Between
         * checkpoints a step not yet applied on either side compares the state before it; a lasting
         * difference fails at the latest at the next checkpoint. Fails after {@value #CONVERGE_MILLIS} ms.
         */
        void converge(int i, long since, boolean checkpoint) {
            IpPrefix now = markerPrefix(marker);
            IpPrefix old = markerPrefix((marker + 1) % 2);
            long start = since == 0 ? System.nanoTime() : since;
            long deadline = start + CONVERGE_MILLIS * 1_000_000;
            Comparison c;
            heraldMarker = -1;
            daemonMarker = -1;
            while (true) {
                lab.herald.checkAlive();
                c = new Comparison(world, new HashSet<>(AnnouncedViews.herald(lab.adminSocket(), "r1").keySet()),
                        new HashSet<>(AnnouncedViews.frr(ref.router).keySet()), now, old);
                if (heraldMarker < 0 && c.herald().contains(now)) {
                    heraldMarker = (System.nanoTime() - start) / 1_000_000;
                }
                if (daemonMarker < 0 && c.daemon().contains(now)) {
                    daemonMarker = (System.nanoTime() - start) / 1_000_000;
                }
                if ((!checkpoint || c.markers()) && c.unexplained().isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail(i, c, "herald's Adj-RIB-Out toward r1 and the daemon's own BGP server disagree");
                }
                LockSupport.parkNanos(20_000_000);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            millis.add(ms);
            if (ms > maxMillis) {
                maxMillis = ms;
                maxStep = i;
            }
            maxPrefixes = Math.max(maxPrefixes, c.daemon().size());
            c.explained().values().forEach(d -> explained.merge(d, 1, Integer::sum));
            if (checkpoint) {
                Set<IpPrefix> sent = c.herald();
                while (true) {
                    Set<IpPrefix> got = new HashSet<>(AnnouncedViews.frr(lab.router).keySet());
                    if (got.equals(sent)) {
                        frrChecks++;
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        fail(i, new Comparison(world, got, sent, now, old), "FRR r1's table (left) differs from herald's Adj-RIB-Out"
                                + " toward it (right)");
                    }
                    LockSupport.parkNanos(50_000_000);
                }
            }
        }

        private void fail(int i, Comparison c, String what) {
            String msg = "[lxd-diff] " + kind + " seed " + seed + " (replay: " + replay + "), step " + i + ": " + what + " after "
                    + CONVERGE_MILLIS / 1000 + " s: " + c + "\n--- the last steps ---\n" + String.join("\n", recent)
                    + "\n--- what the test made ---\n  " + world + "\n--- the reference router (the daemon's own BGP server) ---\n"
                    + ref.rawTable("ipv4") + ref.rawTable("ipv6") + "\n--- herald log ---\n" + lab.herald.logTail();
            log(msg);
            throw new AssertionError(msg);
        }

        private IpPrefix markerPrefix(int index) {
            return IpPrefix.parse(kind.startsContainers ? LxdWorld.MARKERS[index] : LxdWorld.NAT_MARKERS[index] + "/32");
        }

        int refusedCount() {
            return refused.values().stream().mapToInt(List::size).sum();
        }

        private void log(String text) {
            try {
                Files.writeString(opsLog, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The two routers' sets at one moment, and what the known differences explain of them. */
    record Comparison(LxdWorld world, Set<IpPrefix> herald, Set<IpPrefix> daemon, IpPrefix now, IpPrefix old) {
        boolean markers() {
            return herald.contains(now) && daemon.contains(now) && !herald.contains(old) && !daemon.contains(old);
        }

        Map<IpPrefix, KnownDifference> explained() {
            Map<IpPrefix, KnownDifference> out = new TreeMap<>(Comparator.comparing(IpPrefix::toString));
            for (IpPrefix p : only(herald, daemon)) {
                KnownDifference d = KnownDifference.explaining(world, p, KnownDifference.Side.HERALD_ONLY);
                if (d != null) {
                    out.put(p, d);
                }
            }
            for (IpPrefix p : only(daemon, herald)) {
                KnownDifference d = KnownDifference.explaining(world, p, KnownDifference.Side.DAEMON_ONLY);
                if (d != null) {
                    out.put(p, d);
                }
            }
            return out;
        }

        Set<IpPrefix> unexplained() {
            Set<IpPrefix> out = only(herald, daemon);
            out.addAll(only(daemon, herald));
            out.removeAll(explained().keySet());
            return out;
        }

        static Set<IpPrefix> only(Set<IpPrefix> a, Set<IpPrefix> b) {
            Set<IpPrefix> out = new TreeSet<>(Comparator.comparing(IpPrefix::toString));
            out.addAll(a);
            out.removeAll(b);
            return out;
        }

        @Override
        public String toString() {
            return "markers " + (markers() ? "seen" : "not yet seen (" + now + " in herald's " + herald.contains(now) + ", in the daemon's "
                    + daemon.contains(now) + "; " + old + " in herald's " + herald.contains(old) + ", in the daemon's "
                    + daemon.contains(old) + ")") + "; herald only " + only(herald, daemon) + ", daemon only " + only(daemon, herald)
                    + ", explained " + explained() + "\n  herald: " + new TreeSet<>(herald.stream().map(IpPrefix::toString).toList())
                    + "\n  daemon: " + new TreeSet<>(daemon.stream().map(IpPrefix::toString).toList());
        }
    }
}
