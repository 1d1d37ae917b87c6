package dev.herald.interop.ovn;

import dev.herald.interop.lab.BenchDoc;
import dev.herald.interop.lab.Capture;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Figures, not a pass/fail test (not part of {@code verify}: the name does not end in IT). Run:
 * <pre>
 * ./mvnw -B -pl interop-tests -am verify -Dit.test=OvnSourceBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Real OVN 25.03 SB (standalone, trixie tree) with the lab's gateway router lr-gw on gw1; then
 * ovn-northd and ovn-controller are stopped so that the SB holds exactly the rows written here
 * (100,000 IPv6 /64 Advertised_Route rows on lr-gw's port, written in 10 transactions), and herald
 * announces to FRR 8.4 over a veth; tshark captures on FRR's side.
 *
 * <ol>
 * <li>Scale: time from starting herald (a JVM) to its first full snapshot, to End-of-RIB on the
 * wire at FRR; herald's resident memory afterwards.</li>
 * <li>Latency: 500 inserts then 500 deletes of one row each (every 10 ms), each timed from the
 * SB's acknowledgement of the commit (the transact reply) to the UPDATE carrying the prefix
 * arriving at FRR's interface (same clock), with the 100,000 rows still in the SB.</li>
 * </ol>
 * Writes the figures into docs/benchmarks.md under "## OVN source" (other sections untouched).
 */
class OvnSourceBenchmark {
    static final int ROWS = Integer.getInteger("herald.ovn.rows", 100_000);
    static final int CHANGES = 1000;
    static final Pattern LOG_TIME = Pattern.compile("^(\\S+Z) ");

    @Test
    void figures() throws Exception {
        Lab.requireLab();
        OvnCluster.require();
        RouterKind.FRR_HOST.require();
        Herald.requireJar();
        String loadBefore = BenchDoc.loadAverage();
        try (LabLink link = LabLink.create("ovn-bench")) {
            OvnCluster ovn = link.own(OvnCluster.start(link.speakerNs(), link.logDir().resolve("ovn"), "gw1"));
            Router router = RouterKind.FRR_HOST.startOn(link);
            ovn.gatewayRouter("gw1");
            String[] ids = OvnChurn.gatewayIds(ovn);
            String dp = ids[0];
            String lp = ids[1];
            ovn.stopNorthdAndController();
            int existing = ovn.sbctl("--bare", "--columns=_uuid", "list", "Advertised_Route").stdout().strip().split("\\s+").length;
            try (SbWriter sb = new SbWriter(ovn.sbSocketFromHost())) {
                long w0 = System.nanoTime();
                for (int batch = 0; batch < 10; batch++) {
                    StringBuilder ops = new StringBuilder();
                    for (int i = batch * ROWS / 10; i < (batch + 1) * ROWS / 10; i++) {
                        if (ops.length() > 0) {
                            ops.append(',');
                        }
                        ops.append(SbWriter.insert(dp, lp, scalePrefix(i)));
                    }
                    sb.transact(ops.toString());
                }
                System.err.println("[bench] wrote " + ROWS + " rows in " + (System.nanoTime() - w0) / 1_000_000 + " ms");
                Path pcap = link.logDir().resolve("bench/receiver.pcap");
                Capture cap = link.own(Capture.start(link.routerNs(), LabLink.IFNAME, pcap));
                Instant heraldStart = Instant.now();
                Herald herald = link.own(Herald.start(link.speakerNs(),
                        OvnSourceIT.heraldYaml(link, "tcp:127.0.0.1:" + OvnCluster.SB_PORT, ovn.ovsRemoteFromHost()),
                        link.logDir().resolve("herald")));
                int total = ROWS + existing;
                router.await("herald's End-of-RIB after " + total + " routes", Duration.ofMinutes(5), () -> {
                    herald.checkAlive();
                    return log(herald).contains("End-of-RIB sent (") ? Optional.of(true) : Optional.empty();
                });
                // FRR takes its time with 100,000 routes: count once it has them all (or after 2 minutes)
                int[] atFrrBox = {0};
                try {
                    router.await("FRR to hold " + total + " routes", Duration.ofMinutes(2), () -> {
                        atFrrBox[0] = router.routes(Family.IPV6_UNICAST).size() + router.routes(Family.IPV4_UNICAST).size();
                        return atFrrBox[0] >= total ? Optional.of(true) : Optional.empty();
                    });
                } catch (AssertionError | RuntimeException e) {
                    System.err.println("[bench] FRR holds " + atFrrBox[0] + " of " + total + ": " + e.getMessage());
                }
                int atFrr = atFrrBox[0];
                String rss = rss(herald.daemon().pid());
                String cpu = cpuSeconds(herald.daemon().pid());
                Instant phase2 = Instant.now();
                // latency: one row per transaction, paced
                List<String> uuids = new ArrayList<>();
                Map<String, Long> commitAdd = new HashMap<>();
                Map<String, Long> commitDel = new HashMap<>();
                for (int i = 0; i < CHANGES / 2; i++) {
                    String p = latencyPrefix(i);
                    JsonNode r = sb.transact(SbWriter.insert(dp, lp, p));
                    commitAdd.put(norm(p), micros(Instant.now()));
                    uuids.add(r.get(0).path("uuid").get(1).asString());
                    Thread.sleep(10);
                }
                for (int i = 0; i < CHANGES / 2; i++) {
                    sb.transact(SbWriter.delete(uuids.get(i)));
                    commitDel.put(norm(latencyPrefix(i)), micros(Instant.now()));
                    Thread.sleep(10);
                }
                router.await("the last withdrawal at FRR", Duration.ofMinutes(2), () -> router.routes(
                        IpPrefix.parse(latencyPrefix(CHANGES / 2 - 1))).isEmpty() ? Optional.of(true) : Optional.empty());
                Thread.sleep(1000);
                if (cap != null) {
                    cap.close();
                }
                Map<String, Long> wireAdd = new HashMap<>();
                Map<String, Long> wireDel = new HashMap<>();
                long[] firstLast = parseWire(pcap, wireAdd, wireDel, micros(phase2));
                String section = section(total, atFrr, heraldStart, herald, firstLast, rss + "; CPU time it had used: " + cpu,
                        latencies(commitAdd, wireAdd),
                        latencies(commitDel, wireDel), loadBefore + "; after: " + BenchDoc.loadAverage());
                System.err.println(section);
                BenchDoc.writeSection("OVN source", section);
            }
        }
    }

    static String scalePrefix(int i) {
        return "2001:db8:" + Integer.toHexString(0x100 + (i >>> 16)) + ":" + Integer.toHexString(i & 0xffff) + "::/64";
    }

    static String latencyPrefix(int i) {
        return "2001:db8:ffff:" + Integer.toHexString(i) + "::/64";
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    static String log(Herald herald) {
        try {
            return Files.readString(herald.daemon().log());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The time of herald's first log line containing {@code text}. */
    static Instant logTime(Herald herald, String text) {
        for (String line : log(herald).split("\n")) {
            if (line.contains(text)) {
                Matcher m = LOG_TIME.matcher(line);
                if (m.find()) {
                    return Instant.parse(m.group(1));
                }
            }
        }
        return null;
    }


    /** CPU time (user + system, all threads: JIT and GC too) a process has used, in seconds. */
    static String cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat(5), counted from the state field (3)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return String.format(Locale.ROOT, "%.1f s", ticks / 100.0);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String rss(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return l.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // gone
        }
        return "?";
    }

    /**
     * When each prefix first arrived in an UPDATE at FRR's interface (µs); returns the first and
     * the last UPDATE's times before {@code phase2} (the initial table: its last one is End-of-RIB).
     */
    static long[] parseWire(Path pcap, Map<String, Long> added, Map<String, Long> withdrawn, long phase2) {
        Exec.Result r = Exec.run(List.of("tshark", "-r", pcap.toString(), "-d", "tcp.port==179,bgp", "-Y", "bgp.type == 2",
                "-T", "fields", "-e", "frame.time_epoch", "-e", "bgp.mp_reach_nlri_ipv6_prefix", "-e",
                "bgp.mp_unreach_nlri_ipv6_prefix"), Duration.ofMinutes(5)).check();
        long first = 0;
        long last = 0;
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 3 || f[0].isBlank()) {
                continue;
            }
            long us = new BigDecimal(f[0].trim()).movePointRight(6).longValue();
            if (us < phase2) {
                first = first == 0 ? us : first;
                last = us;
                continue;
            }
            for (int col = 1; col <= 2; col++) {
                for (String a : f[col].split(",")) {
                    if (!a.isBlank()) {
                        (col == 1 ? added : withdrawn).putIfAbsent(norm(a.trim() + (a.contains("/") ? "" : "/64")), us);
                    }
                }
            }
        }
        return new long[] {first, last};
    }

    static String norm(String p) {
        return IpPrefix.parse(p).toString();
    }

    /** Latencies in ms, sorted; a change never seen on the wire counts as missing. */
    static double[] latencies(Map<String, Long> commit, Map<String, Long> wire) {
        double[] out = new double[commit.size()];
        int n = 0;
        for (var e : commit.entrySet()) {
            Long w = wire.get(e.getKey());
            if (w != null) {
                out[n++] = (w - e.getValue()) / 1000.0;
            }
        }
        double[] got = Arrays.copyOf(out, n);
        Arrays.sort(got);
        return got;
    }

    static String pct(double[] s, double q) {
        if (s.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)]);
    }

    static String row(String what, double[] s, int expected) {
        double mean = Arrays.stream(s).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "| %s | %d of %d | %s | %s | %s | %s | %.1f |", what, s.length, expected, pct(s, 0.5),
                pct(s, 0.9), pct(s, 0.99), s.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", s[s.length - 1]), mean);
    }

    static String section(int total, int atFrr, Instant start, Herald herald, long[] wire, String rss, double[] add,
            double[] del, String load) {
        Instant snapshot = logTime(herald, "full Southbound snapshot");
        Instant eorLog = logTime(herald, "End-of-RIB sent (");
        long s0 = micros(start);
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("?");
        } catch (IOException e) {
            // keep "?"
        }
        long cpus = Runtime.getRuntime().availableProcessors();
        return """
                ## OVN source

                herald's OVN source reading a real OVN 25.03 Southbound (standalone ovsdb-server 3.5 from the
                trixie tree, tcp on loopback), announcing to FRR 8.4 over a veth; tshark on FRR's side.
                ovn-northd and ovn-controller are stopped after the setup, so the SB holds exactly the rows
                the benchmark writes (IPv6 /64s on one gateway router port). Measured %s on %s (%d CPUs,
                shared with other work; load average before the run: %s), by
                `interop-tests/src/test/java/dev/herald/interop/ovn/OvnSourceBenchmark.java`:

                ```sh
                ./mvnw -B -pl interop-tests -am verify -Dit.test=OvnSourceBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
                ```

                ### Scale: %,d Advertised_Route rows to End-of-RIB (goal: under 10 s)

                | from herald's start (a new JVM) to | seconds |
                |---|---|
                | its first full SB snapshot applied (log) | %s |
                | first UPDATE at FRR's interface | %s |
                | End-of-RIB at FRR's interface | %s |

                FRR held %,d prefixes afterwards; herald's resident memory then: %s (all its threads, JIT
                and GC included: on a machine of its own, wall time comes near this).

                ### Latency: SB commit to the UPDATE at FRR's interface (goal: p99 under 50 ms)

                Each change is one transaction of one row, every 10 ms, with the %,d rows still in the SB;
                timed from the SB's reply to the transact (the commit is done) to the first UPDATE carrying
                the prefix at FRR's interface (same clock), in ms.

                | change | seen | p50 | p90 | p99 | max | mean |
                |---|---|---|---|---|---|---|
                %s
                %s
                """.formatted(java.time.LocalDate.now(), cpu, cpus, load, total, secs(snapshot, s0),
                wire[0] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (wire[0] - s0) / 1e6),
                wire[1] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (wire[1] - s0) / 1e6) + " (herald's log: "
                        + secs(eorLog, s0) + ")",
                atFrr, rss, total, row("insert (announce)", add, CHANGES / 2), row("delete (withdraw)", del, CHANGES / 2));
    }

    static String secs(Instant t, long s0) {
        return t == null ? "-" : String.format(Locale.ROOT, "%.2f", (micros(t) - s0) / 1e6);
    }

}
