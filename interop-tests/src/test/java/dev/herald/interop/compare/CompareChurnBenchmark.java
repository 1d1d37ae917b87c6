package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.FrrRouter;
import dev.herald.interop.lab.GoBgpRouter;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.RouteTiming;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, Churn latency: 1000 single-prefix changes at the source (500 IPv4 /32 added, one
 * every 10 ms, then the same 500 deleted), each timed from the change to the UPDATE carrying it
 * arriving at the receiver (BIRD 2.17, one session; tshark on its interface, the host's clock for
 * both ends, see {@link RouteTiming}). Sources: herald's kernel source, BIRD's kernel protocol
 * ({@code learn}) and FRR's {@code redistribute kernel}, all reading the same blackhole routes
 * (proto 84) put into the sender's namespace by one paced {@code ip -batch -}, each change timed
 * from writing its line to ip (not from {@code ip -ts monitor route}'s stamp, which on a busy
 * machine comes late: a third of the latencies came out negative); GoBGP has no kernel source, so
 * each change is a {@code gobgp global rib add|del}, timed from the command's start (its CLI
 * start-up included, and its pace bounded by it). Figures, not a test. Run:
 * <pre>
 * ./mvnw -B -ntp -pl interop-tests verify -Dit.test=CompareChurnBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code -Dherald.bench.runs=N} (3), {@code -Dherald.bench.churn.budget=SECONDS} (240: a sender
 * whose first run would take its share over gets fewer runs, said in its row's note),
 * {@code -Dherald.bench.senders=HERALD,BIRD,FRR 10.7} (some senders only: the enum's names or the rows' labels).
 */
class CompareChurnBenchmark {
    static final int PREFIXES = 500;
    static final long PACE_MS = 10;
    static final int RUNS = Integer.getInteger("herald.bench.runs", 3);
    static final double BUDGET_S = Double.parseDouble(System.getProperty("herald.bench.churn.budget", "240"));
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The senders: trixie's and, after issue 21, the newest from sid; -Dherald.bench.senders takes names or labels. */
    enum Sender {
        HERALD("herald", null), BIRD("BIRD", RouterKind.BIRD_TRIXIE), BIRD3("BIRD 3.4", RouterKind.BIRD3_SID),
        GOBGP("GoBGP", RouterKind.GOBGP_TRIXIE), GOBGP4("GoBGP 4.8", RouterKind.GOBGP_SID),
        FRR("FRR", RouterKind.FRR_TRIXIE), FRR10_7("FRR 10.7", RouterKind.FRR_SID);

        final String label;
        final RouterKind kind;

        Sender(String label, RouterKind kind) {
            this.label = label;
            this.kind = kind;
        }

        /** Which of herald, BIRD, GoBGP and FRR this is: how it is started and fed. */
        Sender family() {
            return kind == null ? HERALD : switch (kind.impl()) {
                case BIRD -> BIRD;
                case GOBGP -> GOBGP;
                default -> FRR;
            };
        }

        boolean picked(String only) {
            List<String> names = List.of(only.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
            return only.isBlank() || names.contains(name().toLowerCase(Locale.ROOT)) || names.contains(label.toLowerCase(Locale.ROOT));
        }
    }

    /** One run's latencies, milliseconds, adds and deletes together. */
    private record Run(List<Double> ms) {
        double p50() {
            return RouteTiming.percentile(ms, 0.50);
        }

        double p99() {
            return RouteTiming.percentile(ms, 0.99);
        }
    }

    private final List<String> prefixes = new ArrayList<>();
    private String receiverVersion = "BIRD 2.17";

    @Test
    void churn() throws Exception {
        Bench.requireAllSenders();
        for (int i = 0; i < PREFIXES; i++) {
            prefixes.add((i < 256 ? "198.51.100." + i : "203.0.113." + (i - 256)) + "/32");
        }
        long wall0 = System.nanoTime();
        List<CompareResult.Row> p50 = new ArrayList<>();
        List<CompareResult.Row> p99 = new ArrayList<>();
        String only = System.getProperty("herald.bench.senders", "");
        for (Sender s : Sender.values()) {
            if (!s.picked(only)) {
                continue;
            }
            senderRuns(s, p50, p99);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        String method = String.format(Locale.ROOT, "1000 single-prefix changes per run: 500 IPv4 /32 added, one every %d ms, then "
                + "the same 500 deleted; each timed from the change at the source to the UPDATE announcing or withdrawing it "
                + "arriving at the receiver's interface (tshark in the receiver's namespace; one clock). herald (kernel "
                + "source), BIRD (kernel protocol, learn) and FRR (zebra, redistribute kernel) read the same blackhole routes, "
                + "proto 84, written by one paced `ip -batch -` in the sender's namespace, each timed from handing its line "
                + "to ip (so ip's own wake-up is included; on a busy machine `ip -ts monitor route` stamps, an "
                + "alternative start, came up to 44 ms late and made a third of the latencies negative). GoBGP has no kernel source: each change is one `gobgp global rib "
                + "add|del`, timed from the command's start, so its figure includes the CLI's start-up and its pace is "
                + "bounded by it. Whole scenario %.0f s wall time.", PACE_MS, wall);
        for (String which : List.of("p50", "p99")) {
            new CompareResult("churn-" + which, "Churn latency, " + which + ": 1000 single-prefix changes, to " + receiverVersion,
                    "ms", receiverVersion, "herald's p99 at most 20 ms", method, which.equals("p50") ? p50 : p99).write();
        }
        System.err.println("[bench] churn written to " + CompareResult.outDir().toAbsolutePath() + ", wall " + Math.round(wall) + " s\n"
                + Files.readString(CompareResult.outDir().resolve("churn-p50.json"))
                + Files.readString(CompareResult.outDir().resolve("churn-p99.json")));
    }

    private void senderRuns(Sender s, List<CompareResult.Row> p50, List<CompareResult.Row> p99) throws Exception {
        String impl = s.label;
        List<Double> r50 = new ArrayList<>();
        List<Double> r99 = new ArrayList<>();
        String note = s.kind != null && s.kind.impl() == RouterKind.Impl.GOBGP ? "timed from the start of each gobgp CLI command" : "";
        String version;
        long setup0 = System.nanoTime();
        try (LabLink link = LabLink.create("churn-" + s.name().toLowerCase())) {
            Router receiver = RouterKind.BIRD_TRIXIE.startOn(link);
            receiverVersion = receiver.version();
            Optional<GoBgpRouter> gobgp = Optional.empty();
            Path logs = link.logDir().resolve("sender");
            switch (s.family()) {
                case HERALD -> {
                    link.own(Herald.start(link.speakerNs(), heraldYaml(link), logs));
                    version = CompareVersions.herald();
                }
                case BIRD -> {
                    link.own(BirdExporter.withKernel(s.kind, link.speakerNs(), link.speakerV4().getHostAddress(), List.of(new BirdExporter.Session(
                            link.routerV4().getHostAddress(), link.speakerV4().getHostAddress())), logs));
                    version = CompareVersions.bird(s.kind);
                }
                case GOBGP -> {
                    GoBgpRouter g = (GoBgpRouter) link.own(s.kind.start(link.speakerNs(), RouterConfig.speaker(link), logs));
                    gobgp = Optional.of(g);
                    version = CompareVersions.release(g);
                }
                case FRR -> {
                    FrrRouter f = (FrrRouter) link.own(s.kind.start(link.speakerNs(), RouterConfig.speaker(link), logs));
                    f.cli("configure terminal\nrouter bgp 65010\naddress-family ipv4 unicast\nredistribute kernel").check();
                    version = CompareVersions.release(f);
                }
                default -> throw new IllegalArgumentException(s.toString());
            }
            receiver.awaitEstablished(link.speakerV4(), TIMEOUT);
            double setup = (System.nanoTime() - setup0) / 1e9;
            int planned = RUNS;
            List<String> loads = new ArrayList<>();
            for (int i = 0; i < planned; i++) {
                long t0 = System.nanoTime();
                Run run = run(link, receiver, gobgp, i);
                double wall = (System.nanoTime() - t0) / 1e9;
                loads.add(CompareVersions.loadAverage());
                r50.add(run.p50());
                r99.add(run.p99());
                System.err.printf(Locale.ROOT, "[bench] churn %s run %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n %d, run wall %.0f s)%n",
                        s, i + 1, run.p50(), run.p99(), RouteTiming.percentile(run.ms(), 1.0), run.ms().size(), wall);
                if (i == 0) {
                    int fits = (int) Math.max(1, Math.floor((BUDGET_S / Sender.values().length - setup) / wall));
                    if (fits < planned) {
                        planned = fits;
                        note = (note.isEmpty() ? "" : note + "; ")
                                + String.format(Locale.ROOT, "%d of %d runs: one run takes %.0f s", fits, RUNS, wall);
                    }
                }
            }
            note = (note.isEmpty() ? "" : note + "; ") + "machine load average after each run: " + String.join(", ", loads);
        }
        p50.add(new CompareResult.Row(impl, version, r50, note));
        p99.add(new CompareResult.Row(impl, version, r99, note));
    }

    private Run run(LabLink link, Router receiver, Optional<GoBgpRouter> gobgp, int index) throws Exception {
        Path dir = link.logDir().resolve("run-" + (index + 1));
        Files.createDirectories(dir);
        Map<String, Long> changeAdd = new HashMap<>();
        Map<String, Long> changeDel = new HashMap<>();
        Daemon capture = RouteTiming.capture(link.routerNs(), LabLink.IFNAME, dir.resolve("receiver.pcap"));
        try {
            change(link, gobgp, "add", dir, changeAdd);
            awaitReceiver(receiver, PREFIXES);
            Thread.sleep(300);
            change(link, gobgp, "del", dir, changeDel);
            awaitReceiver(receiver, 0);
            Thread.sleep(300);
        } finally {
            capture.stop(Duration.ofSeconds(10));
        }
        Map<String, Long> wireAdd = new HashMap<>();
        Map<String, Long> wireDel = new HashMap<>();
        RouteTiming.parseWire(dir.resolve("receiver.pcap"), wireAdd, wireDel);
        List<Double> ms = new ArrayList<>();
        StringBuilder tsv = new StringBuilder("# prefix\tadd ms\tdelete ms (change to the UPDATE at the receiver)\n");
        for (String p : prefixes) {
            String k = RouteTiming.norm(p);
            double add = latency(k, "add", changeAdd, wireAdd, dir);
            double del = latency(k, "delete", changeDel, wireDel, dir);
            ms.add(add);
            ms.add(del);
            tsv.append(String.format(Locale.ROOT, "%s\t%.3f\t%.3f%n", k, add, del));
        }
        Files.writeString(dir.resolve("latencies.tsv"), tsv); // where the tail comes from, for a closer look
        return new Run(ms);
    }

    private static double latency(String prefix, String what, Map<String, Long> change, Map<String, Long> wire, Path dir) {
        Long c = change.get(prefix);
        Long w = wire.get(prefix);
        if (c == null || w == null) {
            throw new AssertionError(what + " of " + prefix + ": change " + c + ", on the wire " + w + "; see " + dir);
        }
        return (w - c) / 1000.0;
    }

    /** The 500 adds or deletes, one every PACE_MS: into the kernel table, or (GoBGP) one CLI command each, start times noted. */
    private void change(LabLink link, Optional<GoBgpRouter> gobgp, String verb, Path dir, Map<String, Long> started) throws Exception {
        if (gobgp.isEmpty()) {
            List<Long> written = RouteTiming.pacedBatch(link.speakerNs(), prefixes.stream().map(p -> "route " + verb + " blackhole "
                    + p + " proto 84 metric 100").toList(), PACE_MS, dir.resolve(verb + ".batch-out"));
            for (int i = 0; i < prefixes.size(); i++) {
                started.put(RouteTiming.norm(prefixes.get(i)), written.get(i));
            }
            return;
        }
        GoBgpRouter g = gobgp.get();
        long next = System.nanoTime();
        for (String p : prefixes) {
            started.put(RouteTiming.norm(p), RouteTiming.nowMicros());
            if (verb.equals("add")) {
                g.announce(IpPrefix.parse(p), link.speakerV4());
            } else {
                g.withdraw(IpPrefix.parse(p));
            }
            next += PACE_MS * 1_000_000;
            RouteTiming.sleepUntil(next);
        }
    }

    private static void awaitReceiver(Router receiver, int count) {
        receiver.await("receiver holding " + count + " prefixes", TIMEOUT,
                () -> receiver.routes(Family.IPV4_UNICAST).size() == count ? Optional.of(true) : Optional.empty());
    }

    private static String heraldYaml(LabLink link) {
        return """
                router:
                  asn: 65010
                  router-id: %s
                peers:
                  - name: r1
                    address: %s
                    asn: 65001
                    local-address: %s
                    families: [ipv4-unicast]
                    connect-retry: 1
                sources:
                  kernel:
                    tables: [main]
                    protocols: [ovn]
                    types: [blackhole]
                    prefixes: ["198.51.100.0/24 le 32", "203.0.113.0/24 le 32"]
                """.formatted(link.speakerV4().getHostAddress(), link.routerV4().getHostAddress(), link.speakerV4().getHostAddress());
    }
}
