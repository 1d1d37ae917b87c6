package dev.herald.interop.compare;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's scaling table: how the cost grows. For herald and BIRD 2.17 beside it
 * ({@code -Dherald.bench.scaling.senders}), a new sender process per point, loaded with its sessions
 * shut, then all of them opened at once to one BIRD 2.17 receiver: the time from all Established to
 * every session holding the full set, the sender's resident memory then and its CPU seconds over it.
 * Two axes: 100k, 500k, 1M, 2M prefixes to 1 peer ({@code -Dherald.bench.scaling.prefixes}), and 1, 8,
 * 100 peers ({@code -Dherald.bench.scaling.peers}) at 100k prefixes ({@code -Dherald.bench.scaling.peers.prefixes}:
 * 100 peers of 1M would be 100M routes in the one BIRD receiver, more memory than the machine has).
 * Every set is 4/5 IPv4, 1/5 IPv6, as the Bulk set. One run per point; budget a point
 * {@code -Dherald.bench.scaling.budget=S} (300 s). Writes scaling.json for bench-report.py (a table and a chart).
 * <p>
 * More than 54 sessions do not fit the sender's addresses on the LAN ({@link BenchLan}): every
 * session leaves from the sender's first address, told apart by the receiver's.
 */
class CompareScalingBenchmark {
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(900);
    static final Duration BUDGET = Duration.ofSeconds(Long.getLong("herald.bench.scaling.budget", 300));

    /** One point: a sender, a set size, a number of peers, and what it cost. */
    record Point(String impl, String version, long prefixes, int peers, Double seconds, Double rssMib, Double cpuSeconds,
            Double loadSeconds, String note) {
    }

    @Test
    void bulkTimeAndMemoryBySizeAndPeers() throws Exception {
        Bench.requireAllSenders();
        List<String> senders = list("herald.bench.scaling.senders", "herald,BIRD");
        List<Long> sizes = list("herald.bench.scaling.prefixes", "100000,500000,1000000,2000000").stream().map(Long::parseLong).toList();
        List<Integer> peerCounts = list("herald.bench.scaling.peers", "1,8,100").stream().map(Integer::parseInt).toList();
        long peersAt = Long.getLong("herald.bench.scaling.peers.prefixes", 100_000);
        int maxPeers = peerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<long[]> grid = new ArrayList<>(); // {prefixes, peers}
        sizes.forEach(n -> grid.add(new long[] {n, 1}));
        peerCounts.stream().filter(p -> !(p == 1 && sizes.contains(peersAt))).forEach(p -> grid.add(new long[] {peersAt, p}));
        List<Point> points = new ArrayList<>();
        long start = System.nanoTime();
        try (BenchLan lan = BenchLan.create("compare-scaling", 1, 1, maxPeers)) {
            Router bird = lan.own(RouterKind.BIRD_TRIXIE.start(lan.receiverNs(1), receiverConfig(lan, maxPeers),
                    lan.logDir().resolve("bird-receiver")));
            Receiver.of(bird, addresses(lan, maxPeers)).enable(false);
            for (String impl : senders) {
                for (long[] g : grid) {
                    points.add(point(impl, lan, bird, g[0], (int) g[1]));
                    write(points, peersAt);
                }
            }
        }
        System.err.printf(Locale.ROOT, "[bench] scaling scenario took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static Point point(String impl, BenchLan lan, Router bird, long prefixes, int peers) {
        BulkRoutes routes = new BulkRoutes((int) (prefixes * 4 / 5), (int) (prefixes - prefixes * 4 / 5));
        Receiver receiver = Receiver.of(bird, addresses(lan, peers));
        List<Sender.Session> sessions = new ArrayList<>();
        for (int j = 1; j <= peers; j++) {
            sessions.add(new Sender.Session(lan.senderV4(1), lan.receiverV4(1, j)));
        }
        // herald's prefix file is per size (HeraldSender writes it beside the sender's directory).
        Path dir = lan.logDir().resolve("n" + prefixes).resolve(Senders.key(impl) + "-" + peers);
        String version = "";
        try {
            Files.createDirectories(dir.getParent()); // herald's prefix file goes there
            Sender.prepareInput(impl, lan, routes);
            try (Sender s = Sender.start(impl, lan, sessions, routes, dir)) {
                Bench.awaitLoaded(s, routes.total(), LOAD_TIMEOUT);
                double loaded = ProcStat.uptime() - s.startSeconds();
                double cpu0 = s.cpuSeconds();
                double[] atEnd = {0, 0};
                double secs = Bench.transfer(s, receiver, routes.total() * peers, BUDGET, () -> {
                    atEnd[0] = s.cpuSeconds();
                    Bench.sleep(CompareBulkBenchmark.SETTLE);
                    atEnd[1] = s.rssKiB().values().stream().mapToLong(Long::longValue).sum() / 1024.0;
                });
                version = s.version();
                System.err.printf(Locale.ROOT, "[bench] scaling: %s %,d prefixes x %d peers: %.2f s, %.0f MiB, %.2f CPU s (loaded %.1f s after start)%n",
                        impl, prefixes, peers, secs, atEnd[1], atEnd[0] - cpu0, loaded);
                return new Point(impl, version, prefixes, peers, secs, atEnd[1], atEnd[0] - cpu0, loaded, "");
            }
        } catch (Bench.OverBudget e) {
            return new Point(impl, version, prefixes, peers, null, null, null, null, String.format(Locale.ROOT,
                    "over the budget of %.0f s (%,d of %,d received)", e.budgetSeconds, e.received, routes.total() * peers));
        } catch (IOException | RuntimeException | AssertionError e) {
            System.err.println("[bench] scaling: " + impl + " " + prefixes + " x " + peers + " failed: " + e);
            return new Point(impl, version, prefixes, peers, null, null, null, null, "stopped: " + Bench.brief(e));
        } finally {
            Sender.removeInput(impl, lan);
        }
    }

    /** BIRD 2.17 with protocols peer1..peerN, all to the sender's first address, each from a receiver address of its own. */
    static RouterConfig receiverConfig(BenchLan lan, int peers) {
        List<RouterConfig.Neighbor> n = new ArrayList<>();
        for (int j = 1; j <= peers; j++) {
            n.add(new RouterConfig.Neighbor(lan.senderV4(1), 65010, lan.receiverV4(1, j),
                    Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), RouterConfig.Options.NONE.withHoldTime(Bench.HOLD_TIME)));
        }
        return new RouterConfig(65001, lan.receiverV4(1, 1), n);
    }

    /** The first {@code peers} sessions' sender side: one address, repeated (the receiver counts its protocols). */
    private static List<java.net.InetAddress> addresses(BenchLan lan, int peers) {
        return java.util.Collections.nCopies(peers, lan.senderV4(1));
    }

    private static List<String> list(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static void write(List<Point> points, long peersAt) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"id\": \"scaling\",\n");
        b.append("  \"title\": ").append(CompareResult.quote("Scaling: bulk time and resident memory by prefixes and by peers")).append(",\n");
        b.append("  \"method\": ").append(CompareResult.quote(String.format(Locale.ROOT, "A new sender process per point,"
                + " loaded with its sessions shut (herald: a static prefix file; BIRD: static protocols), then every session"
                + " opened at once to one BIRD 2.17 receiver (one protocol per peer, no kernel protocol). Bulk: from the first"
                + " poll (every 20 ms) showing all sessions Established to the first (every 100 ms) showing every session"
                + " holding the whole set; RSS: the sender's VmRSS 2 s later; CPU: the sender's user + system seconds over"
                + " the transfer; loaded: the sender's process start to all prefixes loaded. Sets 4/5 IPv4, 1/5 IPv6."
                + " Prefix axis at 1 peer; peer axis at %,d prefixes (100 peers of 1M would be 100M routes in the one"
                + " receiver). One run per point; a point over %d s is reported as such.", peersAt, BUDGET.toSeconds())))
                .append(",\n");
        b.append("  \"points\": [\n");
        List<String> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(String.format(Locale.ROOT, "    {\"impl\": %s, \"version\": %s, \"prefixes\": %d, \"peers\": %d, \"seconds\": %s,"
                    + " \"rss_mib\": %s, \"cpu_s\": %s, \"load_s\": %s, \"note\": %s}", CompareResult.quote(p.impl()),
                    CompareResult.quote(p.version()), p.prefixes(), p.peers(), num(p.seconds()), num(p.rssMib()),
                    num(p.cpuSeconds()), num(p.loadSeconds()), CompareResult.quote(p.note())));
        }
        b.append(String.join(",\n", rows)).append("\n  ]\n}\n");
        try {
            Path dir = CompareResult.outDir();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("scaling.json"), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String num(Double d) {
        return d == null ? "null" : String.format(Locale.ROOT, "%.4f", d);
    }
}
