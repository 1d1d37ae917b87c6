package dev.herald.interop.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Soak runner (not part of the default run: not an *IT): herald with the kernel and static
 * sources and 4 peers (one FRR 8.4 holding 4 sessions, herald on 4 addresses) under kernel route
 * churn at {@code herald.soak.rate} changes per second (default 1000) plus a static reload every
 * 30 s, for {@code herald.soak.minutes} (default 30). Every 10 s it samples herald's resident
 * memory, threads and open file descriptors (/proc); every {@code herald.soak.check-minutes}
 * (default 5) and at the end it pauses the churn and checks each of the 4 sessions' tables at
 * FRR is exactly the expected set. Prints the figures; fails on a divergence. herald's JVM runs
 * as shipped (no heap options) unless {@code herald.soak.java-options} says otherwise.
 * <pre>
 * sudo ./mvnw -B -pl interop-tests verify -Dit.test=SoakBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dherald.soak.minutes=30
 * </pre>
 * The OVN source is not part of it (yet): it needs the OVN cluster of OvnSourceIT.
 */
class SoakBenchmark {
    static final int PEERS = 4;
    static final int UNIVERSE = 20_000;

    record Sample(long atSeconds, long rssKiB, int threads, int fds, long changes) {
    }

    @Test
    void soak() throws Exception {
        Lab.requireLab();
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        double minutes = Double.parseDouble(System.getProperty("herald.soak.minutes", "30"));
        int rate = Integer.getInteger("herald.soak.rate", 1000);
        double checkMinutes = Double.parseDouble(System.getProperty("herald.soak.check-minutes", "5"));
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
            Path socket = link.logDir().resolve("herald.sock");
            Set<IpPrefix> statics = new HashSet<>(Set.of(IpPrefix.parse("198.51.100.0/25")));
            // As shipped, herald's JVM runs without heap options; -Dherald.soak.java-options=-Xmx256m tries a capped heap.
            String javaOptions = System.getProperty("herald.soak.java-options", "");
            Path heraldDir = link.logDir().resolve("herald");
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link, socket, routerAddrs, heraldAddrs, statics),
                    heraldDir, heraldDir, javaOptions.isBlank() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", javaOptions)));
            for (InetAddress a : heraldAddrs) {
                frr.awaitEstablished(a, Duration.ofSeconds(90));
            }
            long pid = herald.daemon().pid();
            System.err.println("[soak] " + minutes + " min at " + rate + " changes/s, " + PEERS + " peers, herald JVM options: "
                    + (javaOptions.isBlank() ? "none (as shipped)" : javaOptions));

            List<IpPrefix> universe = new ArrayList<>(UNIVERSE);
            for (int i = 0; i < UNIVERSE; i++) {
                universe.add(IpPrefix.parse("2001:db8:" + Integer.toHexString(2 + i / 65536) + ":" + Integer.toHexString(i % 65536)
                        + "::/64"));
            }
            Set<IpPrefix> present = new HashSet<>();
            Random rnd = new Random(7);
            List<Sample> samples = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long nextSample = start;
            long nextCheck = start + (long) (checkMinutes * 60e9);
            long nextReload = start + 30_000_000_000L;
            long changes = 0;
            int batchNo = 0;
            while (System.nanoTime() < end) {
                long tickStart = System.nanoTime();
                // One batch per half second: rate/2 changes.
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < rate / 2; i++) {
                    IpPrefix p = universe.get(rnd.nextInt(universe.size()));
                    lines.add(FaultLab.route(present.remove(p) ? "del" : "add", p));
                    if (lines.getLast().contains(" add ")) {
                        present.add(p);
                    }
                }
                batch(link, "soak-" + (batchNo++ % 2), lines);
                changes += lines.size();
                herald.checkAlive();
                long now = System.nanoTime();
                if (now >= nextReload) {
                    statics.clear();
                    statics.add(IpPrefix.parse("198.51.100.0/25"));
                    for (int i = 0; i < 8; i++) {
                        statics.add(IpPrefix.parse("198.51.100." + (128 + rnd.nextInt(64)) + "/32"));
                    }
                    Files.writeString(herald.config(), config(link, socket, routerAddrs, heraldAddrs, statics));
                    Exec.Result r = cli(socket, "reload");
                    assertTrue(r.ok(), "reload: " + r);
                    changes++;
                    nextReload = now + 30_000_000_000L;
                }
                if (now >= nextSample) {
                    Sample s = sample(pid, (now - start) / 1_000_000_000L, changes);
                    samples.add(s);
                    System.err.println("[soak] " + s);
                    nextSample = now + 10_000_000_000L;
                }
                if (now >= nextCheck) {
                    checks.add(check(frr, herald, link, heraldAddrs, statics, (now - start) / 1_000_000_000L));
                    nextCheck = System.nanoTime() + (long) (checkMinutes * 60e9);
                }
                long spent = System.nanoTime() - tickStart;
                if (spent < 500_000_000L) {
                    Thread.sleep((500_000_000L - spent) / 1_000_000);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            checks.add(check(frr, herald, link, heraldAddrs, statics, (long) seconds));
            samples.add(sample(pid, (long) seconds, changes));
            report(samples, checks, changes, seconds, rate, minutes);
        }
    }

    private static void report(List<Sample> samples, List<String> checks, long changes, double seconds, int rate, double minutes) {
        // Warm-up: the first tenth of the run (the JVM's heap and JIT settle).
        long warm = (long) (seconds / 10);
        List<Sample> after = samples.stream().filter(s -> s.atSeconds() >= warm).toList();
        long minRss = after.stream().mapToLong(Sample::rssKiB).min().orElse(0);
        long maxRss = after.stream().mapToLong(Sample::rssKiB).max().orElse(0);
        Sample first = after.getFirst();
        Sample last = after.getLast();
        System.err.println("[soak] ==== " + String.format("%.1f", seconds / 60) + " min (asked " + minutes + "), " + changes
                + " changes, " + String.format("%.0f", changes / seconds) + "/s (asked " + rate + "/s), " + PEERS + " peers");
        System.err.println("[soak] RSS after warm-up (" + warm + " s): min " + minRss / 1024 + " MiB, max " + maxRss / 1024
                + " MiB, spread " + String.format("%.1f", 100.0 * (maxRss - minRss) / Math.max(1, minRss)) + " %");
        System.err.println("[soak] threads " + first.threads() + " -> " + last.threads() + ", fds " + first.fds() + " -> " + last.fds());
        checks.forEach(c -> System.err.println("[soak] " + c));
        StringBuilder series = new StringBuilder();
        long nextMinute = 0;
        for (Sample s : samples) {
            if (s.atSeconds() >= nextMinute) {
                series.append(s.atSeconds() / 60).append("m ").append(s.rssKiB() / 1024).append(" MiB/").append(s.threads())
                        .append("t/").append(s.fds()).append("fd  ");
                nextMinute = (s.atSeconds() / 60 + 1) * 60;
            }
        }
        System.err.println("[soak] by minute (RSS/threads/fds): " + series);
    }

    private static Sample sample(long pid, long at, long changes) {
        try {
            long rss = 0;
            int threads = 0;
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    rss = Long.parseLong(l.replaceAll("\\D", ""));
                } else if (l.startsWith("Threads:")) {
                    threads = Integer.parseInt(l.replaceAll("\\D", ""));
                }
            }
            int fds;
            try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = (int) s.count();
            }
            return new Sample(at, rss, threads, fds, changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pauses the churn until each session's table at FRR is exactly the expected set (60 s bound); returns a report line. */
    private static String check(FrrRouter frr, Herald herald, LabLink link, List<InetAddress> heraldAddrs, Set<IpPrefix> statics,
            long at) {
        long t0 = System.nanoTime();
        Set<IpPrefix> expected = new HashSet<>(statics);
        for (String dst : Exec.check("ip", "-n", link.speakerNs().name(), "-6", "route", "show", "table", "10", "proto", "84")
                .stdout().lines().map(l -> l.trim().split("\\s+")[1]).toList()) {
            expected.add(IpPrefix.parse(dst));
        }
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
                Map<String, Integer> sizes = new HashMap<>();
                perPeer.forEach((k, v) -> sizes.put(k, v.size()));
                throw new AssertionError("divergence at " + at + " s: expected " + expected.size() + " prefixes at each of "
                        + heraldAddrs + ", FRR holds " + sizes + "\n" + herald.logTail());
            }
            FaultLab.sleep(250);
        }
        return "at " + at + " s: all " + heraldAddrs.size() + " sessions hold exactly the " + expected.size()
                + " expected prefixes, " + (System.nanoTime() - t0) / 1_000_000 + " ms after the churn paused";
    }

    private static void batch(LabLink link, String name, List<String> lines) throws IOException {
        Path f = link.logDir().resolve(name + ".batch");
        Files.write(f, lines);
        Exec.run(List.of("ip", "-n", link.speakerNs().name(), "-force", "-batch", f.toString()), Duration.ofSeconds(120));
    }

    private static Exec.Result cli(Path socket, String... args) {
        return Herald.cli(socket, args);
    }

    private static String config(LabLink link, Path socket, List<InetAddress> routerAddrs, List<InetAddress> heraldAddrs,
            Set<IpPrefix> statics) {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < routerAddrs.size(); i++) {
            peers.append("""
                      - name: r%d
                        address: %s
                        asn: 65001
                        local-address: %s
                        families: [ipv4-unicast, ipv6-unicast]
                        next-hop: { ipv6: "%s" }
                        connect-retry: 1
                    """.formatted(i + 1, routerAddrs.get(i).getHostAddress(), heraldAddrs.get(i).getHostAddress(),
                    IpPrefix.format(link.speakerV6())));
        }
        StringBuilder st = new StringBuilder();
        for (IpPrefix p : statics) {
            st.append("    - prefix: ").append(p).append('\n');
        }
        return """
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                admin:
                  socket: %s
                peers:
                %ssources:
                  static:
                %s  kernel:
                    tables: [10]
                    protocols: [ovn]
                    types: [blackhole]
                    prefixes: ["2001:db8::/32 le 128"]
                """.formatted(socket, peers, st);
    }
}
