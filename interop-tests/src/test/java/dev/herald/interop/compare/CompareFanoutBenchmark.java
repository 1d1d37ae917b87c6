package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
import dev.herald.interop.lab.GoBgpRouter;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabException;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.BufferedWriter;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, Fan-out: one sender with 100 eBGP sessions to one BIRD 2.17 receiver (100 protocols,
 * 100 address pairs on one veth pair), 100,000 IPv4 prefixes to each. Senders in turn: herald
 * (static file), BIRD 2.17 (static protocol), GoBGP 3.36 ({@code gobgp mrt inject}), FRR 10.3
 * ({@code redistribute kernel} of blackhole routes in its namespace); each has its routes loaded
 * before the receiver starts. Timed from the first session Established (BIRD's own "since" time)
 * to the poll of {@code birdc show protocols all} that sees every protocol with every prefix.
 * Figures, not a test. Run:
 * <pre>
 * ./mvnw -B -ntp -pl interop-tests verify -Dit.test=CompareFanoutBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dherald.bench.runs=N} (3), {@code -Dherald.bench.fanout.budget=SECONDS} (300: a sender
 * whose first run would take its share over gets fewer runs, said in its row's note),
 * {@code -Dherald.bench.fanout.timeout=SECONDS} (180: a run not done by then ends the sender's row
 * with how far it got, in the note),
 * {@code -Dherald.bench.fanout.sessions}, {@code -Dherald.bench.fanout.prefixes} and
 * {@code -Dherald.bench.senders=GOBGP,FRR} (some senders only) for quick tries.
 */
class CompareFanoutBenchmark {
    static final int SESSIONS = Integer.getInteger("herald.bench.fanout.sessions", 100);
    static final int PREFIXES = Integer.getInteger("herald.bench.fanout.prefixes", 100_000);
    static final int RUNS = Integer.getInteger("herald.bench.runs", 3);
    static final double BUDGET_S = Double.parseDouble(System.getProperty("herald.bench.fanout.budget", "300"));
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("herald.bench.fanout.timeout", 180));
    private static final Pattern SINCE = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)");

    enum Sender { HERALD, BIRD, GOBGP, FRR }

    private final Path work = Lab.logRoot().resolve("compare-fanout");
    private final List<String> prefixes = new ArrayList<>();
    private String receiverVersion = "BIRD 2.17";

    @Test
    void fanout() throws Exception {
        Bench.requireAllSenders();
        Files.createDirectories(work);
        for (int i = 0; i < PREFIXES; i++) {
            prefixes.add("10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + "/32");
        }
        Files.write(work.resolve("prefixes.txt"), prefixes);
        MrtWriter.write(work.resolve("prefixes.mrt"), prefixes, (Inet4Address) addr(2, 1), 65010, (Inet4Address) addr(2, 1));
        long wall0 = System.nanoTime();
        List<CompareResult.Row> rows = new ArrayList<>();
        String only = System.getProperty("herald.bench.senders", "");
        for (Sender s : Sender.values()) {
            if (!only.isBlank() && !List.of(only.toUpperCase(Locale.ROOT).split(",")).contains(s.name())) {
                continue;
            }
            rows.add(runs(s));
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        CompareResult result = new CompareResult("fanout",
                String.format(Locale.ROOT, "Fan-out: %d sessions, %,d IPv4 prefixes each, to %s", SESSIONS, PREFIXES, receiverVersion),
                "s", receiverVersion, "herald at most 1.0x BIRD's time",
                String.format(Locale.ROOT, "One sender with %d eBGP sessions to one BIRD receiver with %d protocols (one address "
                        + "pair each on one veth pair, two namespaces), %,d IPv4 /32 prefixes to every session, loaded in the sender "
                        + "before the receiver starts. Timed from the first session Established (BIRD's protocol time) to the "
                        + "first poll of `birdc show protocols all` (every 100 ms) that shows every protocol with every prefix "
                        + "imported. The receiver then holds %,d paths. Each row's note gives, per run, the CPU seconds the receiver "
                        + "and the sender (its start-up and route loading included) had used by then: a receiver CPU time near "
                        + "the figure means BIRD's single-threaded "
                        + "import of the paths is the bottleneck; both far below it means the 2 CPUs were busy with other work "
                        + "(see the load averages), which then bounds every sender alike. "
                        + "Senders: herald static file, BIRD static protocol, GoBGP `gobgp mrt inject`, FRR `redistribute "
                        + "kernel` of blackhole routes. Whole scenario %.0f s wall time.",
                        SESSIONS, SESSIONS, PREFIXES, (long) SESSIONS * PREFIXES, wall),
                rows);
        Path out = result.write();
        System.err.println("[bench] fan-out written to " + out.toAbsolutePath() + ", wall " + Math.round(wall) + " s\n"
                + Files.readString(out));
    }

    private CompareResult.Row runs(Sender s) throws Exception {
        List<Double> runs = new ArrayList<>();
        String version = "?";
        String note = "";
        int planned = RUNS;
        List<String> loads = new ArrayList<>();
        List<String> cpus = new ArrayList<>();
        for (int i = 0; i < planned; i++) {
            long t0 = System.nanoTime();
            Measured m = run(s, i);
            double wall = (System.nanoTime() - t0) / 1e9;
            version = m.version;
            if (m.seconds < 0) {
                note = m.cpu; // why it did not finish
                loads.add(CompareVersions.loadAverage());
                break;
            }
            runs.add(m.seconds);
            loads.add(CompareVersions.loadAverage());
            cpus.add(m.cpu);
            System.err.printf(Locale.ROOT, "[bench] fan-out %s run %d: %.2f s (run wall %.0f s)%n", s, i + 1, m.seconds, wall);
            if (i == 0) {
                int fits = (int) Math.max(1, Math.floor(BUDGET_S / Sender.values().length / wall));
                if (fits < planned) {
                    planned = fits;
                    note = String.format(Locale.ROOT, "%d of %d runs: one run (setup included) takes %.0f s", fits, RUNS, wall);
                }
            }
        }
        String impl = switch (s) {
            case HERALD -> "herald";
            case BIRD -> "BIRD";
            case GOBGP -> "GoBGP";
            case FRR -> "FRR";
        };
        note = (note.isEmpty() ? "" : note + "; ") + (cpus.isEmpty() ? "" : "CPU s receiver/sender per run: " + String.join(", ", cpus)
                + "; ") + "machine load average after each run: " + String.join(", ", loads);
        return new CompareResult.Row(impl, version, runs, note);
    }

    private record Measured(double seconds, String version, String cpu) {
    }

    private Measured run(Sender s, int index) throws Exception {
        try (LabLink link = LabLink.create("fanout-" + s.name().toLowerCase() + "-" + index)) {
            Path logs = link.logDir();
            addresses(link.routerNs(), 1);
            addresses(link.speakerNs(), 2);
            String version = startSender(s, link);
            List<RouterConfig.Neighbor> toSender = new ArrayList<>();
            for (int i = 1; i <= SESSIONS; i++) {
                toSender.add(new RouterConfig.Neighbor(addr(2, i), 65010, addr(1, i), Set.of(Family.IPV4_UNICAST)));
            }
            Router receiver = link.own(RouterKind.BIRD_TRIXIE.start(link.routerNs(),
                    new RouterConfig(65001, link.routerV4(), toSender), logs.resolve("receiver")));
            receiverVersion = receiver.version();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String text;
                try {
                    text = receiver.cli("show protocols all").check().stdout();
                } catch (LabException | AssertionError e) {
                    // BIRD answers its CLI between import batches: under load one answer can take over 30 s. Ask again.
                    System.err.println("[bench] fan-out " + s + ": receiver poll: " + e.getMessage().lines().findFirst().orElse(""));
                    if (System.nanoTime() > deadline) {
                        text = "";
                    } else {
                        continue;
                    }
                }
                long pollMillis = System.currentTimeMillis();
                List<BirdProtocols.Protocol> bgp = BirdProtocols.parse(text).stream().filter(BirdProtocols.Protocol::bgp).toList();
                long full = bgp.stream().filter(p -> p.imported() >= PREFIXES).count();
                if (bgp.size() == SESSIONS && full == SESSIONS) {
                    long first = firstEstablished(text);
                    if (first > pollMillis) { // BIRD's clock and ours are one; a poll within the same ms
                        first = pollMillis;
                    }
                    Files.writeString(logs.resolve("receiver-full.txt"), text);
                    String cpu = String.format(Locale.ROOT, "%.1f/%.1f", cpuSeconds(link.routerNs()), cpuSeconds(link.speakerNs()));
                    System.err.println("[bench] fan-out " + s + ": CPU s used so far by the receiver/sender " + cpu);
                    return new Measured((pollMillis - first) / 1000.0, version, cpu);
                }
                if (System.nanoTime() > deadline) {
                    // A row without runs, saying how far it got, rather than no table at all.
                    Files.writeString(logs.resolve("receiver-timeout.txt"), text);
                    long established = bgp.stream().filter(BirdProtocols.Protocol::established).count();
                    long paths = bgp.stream().mapToLong(BirdProtocols.Protocol::imported).sum();
                    String why = String.format(Locale.ROOT, "not done within %d s of the receiver starting: %d of %d sessions "
                            + "Established, %,d of %,d paths at the receiver (CPU s receiver/sender %.1f/%.1f)", TIMEOUT.toSeconds(),
                            established, SESSIONS, paths, (long) SESSIONS * PREFIXES, cpuSeconds(link.routerNs()),
                            cpuSeconds(link.speakerNs()));
                    System.err.println("[bench] fan-out " + s + ": " + why);
                    return new Measured(-1, version, why);
                }
                receiver.checkAlive();
                Thread.sleep(100);
            }
        }
    }

    /** The earliest "since" of an Established BGP protocol in {@code show protocols all}, in epoch milliseconds. */
    static long firstEstablished(String text) {
        long first = Long.MAX_VALUE;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || f.length < 5 || !f[1].equals("BGP") || !f[3].equals("up")) {
                continue;
            }
            Matcher m = SINCE.matcher(line);
            if (m.find()) {
                long ms = LocalDate.now().atTime(LocalTime.parse(m.group(1))).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                first = Math.min(first, ms);
            }
        }
        if (first == Long.MAX_VALUE) {
            throw new AssertionError("no Established BGP protocol with a time in:\n" + text);
        }
        return first;
    }

    /** User + system CPU time of every process in {@code ns}, in seconds (from /proc/PID/stat, 100 ticks a second). */
    static double cpuSeconds(Netns ns) {
        long ticks = 0;
        for (long pid : ns.pids()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (java.io.IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return ticks / 100.0;
    }

    /** 198.19.SIDE.I: side 1 is the receiver, 2 the sender. */
    private static java.net.InetAddress addr(int side, int i) {
        return IpPrefix.address("198.19." + side + "." + i);
    }

    private static void addresses(Netns ns, int side) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= SESSIONS; i++) {
            lines.add("address add 198.19." + side + "." + i + "/16 dev " + LabLink.IFNAME);
        }
        batch(ns, lines);
    }

    private static void batch(Netns ns, List<String> lines) throws Exception {
        Path f = Files.createTempFile("herald-bench-", ".batch");
        try {
            Files.write(f, lines);
            Exec.run(List.of("ip", "-n", ns.name(), "-batch", f.toString()), Duration.ofSeconds(300)).check();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Starts the sender in the link's speaker namespace with every prefix loaded; returns its version. */
    private String startSender(Sender s, LabLink link) throws Exception {
        Path logs = link.logDir().resolve("sender");
        Netns ns = link.speakerNs();
        switch (s) {
            case HERALD -> {
                StringBuilder y = new StringBuilder("""
                        router:
                          asn: 65010
                          router-id: 198.19.2.1
                        peers:
                        """);
                for (int i = 1; i <= SESSIONS; i++) {
                    y.append("  - { name: r").append(i).append(", address: 198.19.1.").append(i).append(", asn: 65001, local-address: 198.19.2.")
                            .append(i).append(", families: [ipv4-unicast], connect-retry: 1, connect-retry-max: 2 }\n");
                }
                y.append("sources:\n  static:\n    - file: ").append(work.resolve("prefixes.txt").toAbsolutePath()).append('\n');
                link.own(Herald.start(ns, y.toString(), logs));
                return CompareVersions.herald();
            }
            case BIRD -> {
                List<BirdExporter.Session> sessions = new ArrayList<>();
                for (int i = 1; i <= SESSIONS; i++) {
                    sessions.add(new BirdExporter.Session("198.19.1." + i, "198.19.2." + i));
                }
                BirdExporter b = link.own(BirdExporter.withStatic(ns, "198.19.2.1", sessions, prefixes, logs));
                awaitLoaded("BIRD static", b::sourceRoutes);
                return CompareVersions.bird();
            }
            case GOBGP -> {
                GoBgpRouter g = (GoBgpRouter) link.own(RouterKind.GOBGP_TRIXIE.start(ns, speakerConfig(), logs));
                Path mrt = work.resolve("prefixes.mrt");
                Pattern dest = Pattern.compile("Destination:\\s*(\\d+)");
                java.util.function.LongSupplier count = () -> {
                    Matcher m = dest.matcher(g.cli("global rib summary -a ipv4").stdout());
                    return m.find() ? Long.parseLong(m.group(1)) : 0;
                };
                g.injectMrt(mrt, addr(2, 1), 0);
                Thread.sleep(500);
                // See MrtWriter: the stream's tail can be lost; records go in order, so inject from the first missing one.
                for (int pass = 0; pass < 20; pass++) {
                    long have = count.getAsLong();
                    if (have >= PREFIXES) {
                        break;
                    }
                    System.err.println("[bench] GoBGP holds " + have + " after mrt inject; injecting the rest again");
                    g.injectMrt(mrt, addr(2, 1), have);
                }
                awaitLoaded("GoBGP global RIB", count);
                return CompareVersions.release(g);
            }
            case FRR -> {
                List<String> routes = new ArrayList<>();
                for (String p : prefixes) {
                    routes.add("route add blackhole " + p + " proto 84 metric 100");
                }
                batch(ns, routes);
                FrrRouter f = (FrrRouter) link.own(RouterKind.FRR_TRIXIE.start(ns, speakerConfig(), logs));
                f.cli("configure terminal\nrouter bgp 65010\naddress-family ipv4 unicast\nredistribute kernel").check();
                Pattern total = Pattern.compile("\"totalPrefixes\":\\s*(\\d+)");
                awaitLoaded("FRR BGP table", () -> {
                    Matcher m = total.matcher(f.cli("show bgp ipv4 unicast statistics json").stdout());
                    return m.find() ? Long.parseLong(m.group(1)) : 0;
                });
                return CompareVersions.release(f);
            }
            default -> throw new IllegalArgumentException(s.toString());
        }
    }

    /** The sender's side: AS 65010 at 198.19.2.I peering with the receiver at 198.19.1.I. */
    private static RouterConfig speakerConfig() {
        List<RouterConfig.Neighbor> n = new ArrayList<>();
        for (int i = 1; i <= SESSIONS; i++) {
            n.add(new RouterConfig.Neighbor(addr(1, i), 65001, addr(2, i), Set.of(Family.IPV4_UNICAST)));
        }
        return new RouterConfig(65010, addr(2, 1), n);
    }

    private static void awaitLoaded(String what, java.util.function.LongSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long t0 = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = count.getAsLong();
            if (n >= PREFIXES) {
                System.err.printf(Locale.ROOT, "[bench] %s holds %d routes after %.1f s%n", what, n, (System.nanoTime() - t0) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " holds only " + n + " of " + PREFIXES + " routes after " + TIMEOUT);
    }
}
