package dev.herald.interop.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.BenchDoc;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.ReceivedRoute;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.ovn.OvnChurn;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Soak runner (not part of the default run: not an *IT): herald with the static, kernel and OVN
 * sources and 4 peers (one FRR 8.4 holding 4 sessions, herald on 4 addresses) under churn at
 * {@code herald.soak.rate} changes per second (default 1000), half of them kernel routes
 * ({@link KernelChurn}: one {@code ip -batch} per half second) and half OVN Advertised_Route rows
 * ({@link dev.herald.interop.ovn.OvnChurn}: one SB transaction per half second, a real OVN 25.03
 * SB on herald's chassis), plus a static reload every 30 s, for {@code herald.soak.minutes}
 * (default 30). Every 10 s it samples herald's resident memory, threads and open file
 * descriptors (/proc); every {@code herald.soak.check-minutes} (default 5) and at the end it
 * pauses the churn and checks each of the 4 sessions' tables at FRR is exactly the expected set
 * (static prefixes, table 10's blackholes, the SB's Advertised_Route prefixes). Prints the
 * figures and the {@link SoakVerdict}; fails on a divergence or an unstable verdict. herald's
 * JVM runs as shipped (the jvm.options argfile beside the jar); {@code herald.soak.java-options}
 * adds options before it (JAVA_TOOL_OPTIONS), and {@code -Dherald.jar=DIR/herald.jar} with another
 * DIR/jvm.options tries other shipped options;
 * {@code -Dherald.soak.ovn=false} leaves OVN out (all churn on the kernel, as before).
 * <pre>
 * sudo nice -n 10 ./mvnw -B -pl interop-tests verify -Dit.test=SoakBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dherald.soak.minutes=30
 * </pre>
 */
class SoakBenchmark {
    static final int PEERS = 4;
    static final int UNIVERSE = 20_000;
    static final long TICK_NANOS = 500_000_000L;
    /** herald's metrics endpoint in its namespace: the heap figures next to RSS. */
    static final int METRICS_PORT = 9179;

    @Test
    void soak() throws Exception {
        Lab.requireLab();
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        boolean withOvn = Boolean.parseBoolean(System.getProperty("herald.soak.ovn", "true"));
        if (withOvn) {
            OvnChurn.require();
        }
        double minutes = Double.parseDouble(System.getProperty("herald.soak.minutes", "30"));
        int rate = Integer.getInteger("herald.soak.rate", 1000);
        double checkMinutes = Double.parseDouble(System.getProperty("herald.soak.check-minutes", "5"));
        String loadBefore = BenchDoc.loadAverage();
        try (LabLink link = LabLink.create("soak")) {
            List<InetAddress> routerAddrs = new ArrayList<>(List.of(link.routerV4()));
            List<InetAddress> heraldAddrs = new ArrayList<>(List.of(link.speakerV4()));
            for (int i = 1; i < PEERS; i++) {
                routerAddrs.add(IpPrefix.address("198.18." + link.octet() + "." + (10 + i)));
                heraldAddrs.add(IpPrefix.address("198.18." + link.octet() + "." + (20 + i)));
                link.routerNs().ip("addr", "add", routerAddrs.get(i).getHostAddress() + "/24", "dev", LabLink.IFNAME);
                link.speakerNs().ip("addr", "add", heraldAddrs.get(i).getHostAddress() + "/24", "dev", LabLink.IFNAME);
            }
            List<RouterConfig.Neighbor> neighbors = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                neighbors.add(new RouterConfig.Neighbor(heraldAddrs.get(i), 65010, routerAddrs.get(i),
                        Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)));
            }
            FrrRouter frr = (FrrRouter) link.own(RouterKind.FRR_HOST.start(link.routerNs(),
                    new RouterConfig(65001, link.routerV4(), neighbors), link.logDir().resolve("frr")));
            OvnChurn ovn = withOvn ? link.own(OvnChurn.start(link.speakerNs(), link.logDir().resolve("ovn"), UNIVERSE)) : null;
            KernelChurn kernel = new KernelChurn(link, UNIVERSE);
            String ovnSource = ovn == null ? "" : ovn.heraldSource();
            Path socket = link.logDir().resolve("herald.sock");
            Set<IpPrefix> statics = new HashSet<>(Set.of(IpPrefix.parse("198.51.100.0/25")));
            // As shipped: the jvm.options beside the jar; -Dherald.soak.java-options=-Xmx256m adds options (the argfile's win).
            String javaOptions = System.getProperty("herald.soak.java-options", "");
            Path heraldDir = link.logDir().resolve("herald");
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link, socket, routerAddrs, heraldAddrs, statics, ovnSource),
                    heraldDir, heraldDir, javaOptions.isBlank() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", javaOptions)));
            for (InetAddress a : heraldAddrs) {
                frr.awaitEstablished(a, Duration.ofSeconds(90));
            }
            long pid = herald.daemon().pid();
            System.err.println("[soak] " + minutes + " min at " + rate + " changes/s (" + (ovn == null ? "all kernel" : "half kernel, half OVN")
                    + ", one batch of each per 0.5 s), " + PEERS + " peers, herald JVM options: "
                    + (javaOptions.isBlank() ? "as shipped (" + Herald.jvmOptions() + ")" : javaOptions + " and " + Herald.jvmOptions()) + ", load average " + loadBefore);

            Random rnd = new Random(7);
            List<ProcSample> samples = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            List<String> loads = new ArrayList<>();
            List<HeapReading> heaps = new ArrayList<>();
            long reloads = 0;
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long nextSample = start;
            long nextCheck = start + (long) (checkMinutes * 60e9);
            long nextReload = start + 30_000_000_000L;
            // Time spent in checks (churn paused) is not churn time: the rate holds over the rest.
            long paused = 0;
            while (System.nanoTime() < end) {
                long tickStart = System.nanoTime();
                // What the rate owes so far, so that a slow tick is made up by the next (at most one second's worth at once).
                long churned = kernel.changes() + (ovn == null ? 0 : ovn.changes());
                long owed = Math.min(rate, Math.round(rate * (tickStart - start - paused) / 1e9) + rate / 2 - churned);
                if (owed > 0) {
                    int toKernel = ovn == null ? (int) owed : (int) (owed / 2);
                    kernel.churn(toKernel, rnd);
                    if (ovn != null) {
                        ovn.churn((int) owed - toKernel, rnd);
                    }
                }
                herald.checkAlive();
                long now = System.nanoTime();
                if (now >= nextReload) {
                    statics.clear();
                    statics.add(IpPrefix.parse("198.51.100.0/25"));
                    for (int i = 0; i < 8; i++) {
                        statics.add(IpPrefix.parse("198.51.100." + (128 + rnd.nextInt(64)) + "/32"));
                    }
                    Files.writeString(herald.config(), config(link, socket, routerAddrs, heraldAddrs, statics, ovnSource));
                    Exec.Result r = cli(socket, "reload");
                    assertTrue(r.ok(), "reload: " + r);
                    reloads++;
                    nextReload = now + 30_000_000_000L;
                }
                long changes = kernel.changes() + (ovn == null ? 0 : ovn.changes()) + reloads;
                if (now >= nextSample) {
                    ProcSample s = ProcSample.read(pid, (now - start) / 1_000_000_000L, changes);
                    samples.add(s);
                    // after /proc: the metrics connection is not among the descriptors counted
                    HeapReading h = HeapReading.read(link.speakerNs(), METRICS_PORT);
                    heaps.add(h);
                    System.err.println("[soak] " + s + ", " + h);
                    if (s.atSeconds() % 60 < 10) {
                        loads.add(BenchDoc.loadAverage().split(" ")[0]);
                    }
                    nextSample = now + 10_000_000_000L;
                }
                if (now >= nextCheck) {
                    checks.add(check(frr, herald, heraldAddrs, statics, kernel, ovn, (now - start) / 1_000_000_000L));
                    paused += System.nanoTime() - now;
                    nextCheck = System.nanoTime() + (long) (checkMinutes * 60e9);
                }
                long spent = System.nanoTime() - tickStart;
                if (spent < TICK_NANOS) {
                    Thread.sleep((TICK_NANOS - spent) / 1_000_000);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long changes = kernel.changes() + (ovn == null ? 0 : ovn.changes()) + reloads;
            double churnSeconds = seconds - paused / 1e9;
            checks.add(check(frr, herald, heraldAddrs, statics, kernel, ovn, (long) seconds));
            samples.add(ProcSample.read(pid, (long) seconds, changes));
            System.err.println("[soak] ==== " + String.format("%.1f", seconds / 60) + " min (asked " + minutes + "), " + changes
                    + " changes, " + String.format("%.0f", changes / seconds) + "/s on average, " + String.format("%.0f",
                    changes / churnSeconds) + "/s over the " + String.format("%.1f", churnSeconds / 60)
                    + " min of churn (checks pause it; asked " + rate + "/s), " + PEERS + " peers");
            System.err.println("[soak] changes by source: kernel " + kernel.changes() + ", OVN "
                    + (ovn == null ? 0 : ovn.changes()) + ", static reloads " + reloads);
            System.err.println("[soak] load average before " + loadBefore + ", at the end " + BenchDoc.loadAverage()
                    + ", 1-minute load each minute: " + loads);
            List<HeapReading> secondHalf = heaps.subList(heaps.size() / 2, heaps.size()).stream()
                    .filter(h -> h != HeapReading.NONE).toList();
            System.err.println("[soak] Java heap over the second half: used " + secondHalf.stream().mapToLong(HeapReading::usedMiB)
                    .min().orElse(-1) + "-" + secondHalf.stream().mapToLong(HeapReading::usedMiB).max().orElse(-1)
                    + " MiB, committed " + secondHalf.stream().mapToLong(HeapReading::committedMiB).min().orElse(-1) + "-"
                    + secondHalf.stream().mapToLong(HeapReading::committedMiB).max().orElse(-1) + " MiB");
            SoakVerdict verdict = report(samples, checks, seconds);
            assertTrue(verdict.stable(), verdict.toString());
        }
    }


    private static SoakVerdict report(List<ProcSample> samples, List<String> checks, double seconds) {
        ProcSample first = samples.getFirst();
        ProcSample last = samples.getLast();
        long minRss = samples.stream().mapToLong(ProcSample::rssKiB).min().orElse(0);
        long maxRss = samples.stream().mapToLong(ProcSample::rssKiB).max().orElse(0);
        System.err.println("[soak] RSS start " + first.rssKiB() / 1024 + " MiB, min " + minRss / 1024 + ", max " + maxRss / 1024
                + ", end " + last.rssKiB() / 1024 + "; threads " + first.threads() + " -> " + last.threads() + ", fds "
                + first.fds() + " -> " + last.fds());
        SoakVerdict verdict = SoakVerdict.of(samples, seconds);
        System.err.println("[soak] verdict: " + verdict);
        checks.forEach(c -> System.err.println("[soak] " + c));
        StringBuilder series = new StringBuilder();
        long nextMinute = 0;
        for (ProcSample s : samples) {
            if (s.atSeconds() >= nextMinute) {
                series.append(s.atSeconds() / 60).append("m ").append(s.rssKiB() / 1024).append(" MiB/").append(s.threads())
                        .append("t/").append(s.fds()).append("fd  ");
                nextMinute = (s.atSeconds() / 60 + 1) * 60;
            }
        }
        System.err.println("[soak] by minute (RSS/threads/fds): " + series);
        return verdict;
    }

    /** Pauses the churn until each session's table at FRR is exactly the expected set (60 s bound); returns a report line. */
    private static String check(FrrRouter frr, Herald herald, List<InetAddress> heraldAddrs, Set<IpPrefix> statics,
            KernelChurn kernel, OvnChurn ovn, long at) {
        long t0 = System.nanoTime();
        Set<IpPrefix> expected = new HashSet<>(statics);
        Set<IpPrefix> fromKernel = kernel.expected();
        Set<IpPrefix> fromOvn = ovn == null ? Set.of() : ovn.expected();
        expected.addAll(fromKernel);
        expected.addAll(fromOvn);
        long deadline = t0 + 60_000_000_000L;
        Map<String, Set<IpPrefix>> perPeer;
        while (true) {
            herald.checkAlive();
            perPeer = new HashMap<>();
            for (Family f : Family.values()) {
                for (ReceivedRoute r : frr.routes(f)) {
                    perPeer.computeIfAbsent(String.valueOf(r.from()), k -> new HashSet<>()).add(r.prefix());
                }
            }
            boolean all = true;
            for (InetAddress a : heraldAddrs) {
                all &= expected.equals(perPeer.getOrDefault(a.getHostAddress(), Set.of()));
            }
            if (all) {
                break;
            }
            if (System.nanoTime() > deadline) {
                Map<String, String> diff = new HashMap<>();
                for (InetAddress a : heraldAddrs) {
                    Set<IpPrefix> got = perPeer.getOrDefault(a.getHostAddress(), Set.of());
                    Set<IpPrefix> missing = new HashSet<>(expected);
                    missing.removeAll(got);
                    Set<IpPrefix> extra = new HashSet<>(got);
                    extra.removeAll(expected);
                    diff.put(a.getHostAddress(), got.size() + " held, missing " + missing.stream().limit(5).toList() + " ("
                            + missing.size() + "), extra " + extra.stream().limit(5).toList() + " (" + extra.size() + ")");
                }
                throw new AssertionError("divergence at " + at + " s: expected " + expected.size() + " prefixes at each of "
                        + heraldAddrs + ": " + diff + "\n" + herald.logTail());
            }
            Lab.sleep(250);
        }
        return "at " + at + " s: all " + heraldAddrs.size() + " sessions hold exactly the " + expected.size()
                + " expected prefixes (" + statics.size() + " static, " + fromKernel.size() + " kernel, " + fromOvn.size()
                + " OVN), " + (System.nanoTime() - t0) / 1_000_000 + " ms after the churn paused";
    }

    private static Exec.Result cli(Path socket, String... args) {
        return Herald.cli(socket, args);
    }

    private static String config(LabLink link, Path socket, List<InetAddress> routerAddrs, List<InetAddress> heraldAddrs,
            Set<IpPrefix> statics, String ovnSource) {
        HeraldYaml y = HeraldYaml.lab().admin(socket).top("metrics:\n  listen: 127.0.0.1:" + METRICS_PORT);
        for (int i = 0; i < routerAddrs.size(); i++) {
            y.peer(HeraldYaml.Peer.of("r" + (i + 1), routerAddrs.get(i), 65001).localAddress(heraldAddrs.get(i))
                    .families("ipv4-unicast", "ipv6-unicast").nextHopV6(link.speakerV6()).connectRetry(1));
        }
        y.statics(statics).source("""
                kernel:
                  tables: [10]
                  protocols: [ovn]
                  types: [blackhole]
                  prefixes: ["2001:db8::/32 le 128"]
                """);
        if (!ovnSource.isBlank()) {
            y.source(ovnSource.indent(-2));
        }
        return y.build();
    }
}
