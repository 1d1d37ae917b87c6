package dev.herald.interop.lab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timing single route changes across namespaces on one clock (the host's wall clock, in
 * microseconds since the epoch): when a change happened in the sender's kernel table
 * ({@code ip -ts monitor route}), when the UPDATE carrying it reached the receiver's interface
 * (tshark), when the receiver's kernel table changed. Shared by the latency benchmarks.
 */
public final class RouteTiming {
    private static final Pattern TS = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6})\\]\\s+(Deleted\\s+)?(.*)$");

    private RouteTiming() {
    }

    /** {@code ip -n NS -ts monitor route} writing to {@code log}; stop it when done. */
    public static Daemon monitor(Netns ns, Path log) {
        return Daemon.start("monitor@" + ns.name(), List.of("ip", "-n", ns.name(), "-ts", "monitor", "route"), log);
    }

    /** tshark capturing BGP (tcp port 179) on {@code ifname} in {@code ns} into {@code pcap}, once it says it is capturing. */
    public static Daemon capture(Netns ns, String ifname, Path pcap) throws InterruptedException, IOException {
        Path log = pcap.resolveSibling(pcap.getFileName() + ".log");
        Daemon cap = Daemon.start("tshark@" + ns.name(), ns.wrap(List.of("tshark", "-i", ifname, "-q", "-f", "tcp port 179",
                "-w", pcap.toString())), log);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains("Capturing on") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
        return cap;
    }

    /**
     * One {@code ip -n NS -batch -} fed one of {@code lines} every {@code paceMs}; fails when ip does.
     * Returns when each line was handed to ip ({@link #nowMicros()}), in order: an upper bound of
     * the change's time that, unlike {@code ip monitor}'s stamp, cannot come after it when the
     * machine is busy (ip monitor stamps when it gets to run, which can be tens of ms late).
     */
    public static List<Long> pacedBatch(Netns ns, List<String> lines, long paceMs, Path out) throws IOException, InterruptedException {
        List<Long> written = new ArrayList<>(lines.size());
        Process p = new ProcessBuilder("ip", "-n", ns.name(), "-batch", "-")
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
            long next = System.nanoTime();
            for (String line : lines) {
                written.add(nowMicros());
                w.write(line + "\n");
                w.flush();
                next += paceMs * 1_000_000;
                sleepUntil(next);
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ip -batch failed: " + Files.readString(out));
        }
        return written;
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code deadline}. */
    public static void sleepUntil(long deadline) throws InterruptedException {
        long sleep = deadline - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }

    /** Now, in microseconds since the epoch (the clock ip monitor and tshark stamp with). */
    public static long nowMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /** First time each prefix was added and deleted in an {@code ip -ts monitor route} log, in microseconds since the epoch. */
    public static void parseMonitor(Path file, Map<String, Long> added, Map<String, Long> deleted) throws IOException {
        for (String line : Files.readAllLines(file)) {
            Matcher m = TS.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String[] f = m.group(3).trim().split("\\s+");
            int i = 0;
            while (i < f.length && f[i].matches("blackhole|unreachable|prohibit|unicast|local|broadcast|throw")) {
                i++;
            }
            if (i >= f.length) {
                continue;
            }
            LocalDateTime t = LocalDateTime.parse(m.group(1));
            long us = t.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() * 1000 + (t.getNano() / 1000) % 1000;
            (m.group(2) != null ? deleted : added).putIfAbsent(norm(f[i]), us);
        }
    }

    /**
     * When each prefix first arrived in an UPDATE in {@code pcap} (announced, withdrawn), in
     * microseconds. tshark gives addresses without lengths: IPv4 ones are taken as /32, IPv6 as /64.
     */
    public static void parseWire(Path pcap, Map<String, Long> added, Map<String, Long> withdrawn) {
        Exec.Result r = Exec.run(List.of("tshark", "-r", pcap.toString(), "-d", "tcp.port==179,bgp", "-Y", "bgp.type == 2",
                "-T", "fields", "-e", "frame.time_epoch", "-e", "bgp.nlri_prefix", "-e", "bgp.mp_reach_nlri_ipv6_prefix",
                "-e", "bgp.withdrawn_prefix", "-e", "bgp.mp_unreach_nlri_ipv6_prefix"), Duration.ofSeconds(120)).check();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                continue;
            }
            long us = new BigDecimal(f[0].trim()).movePointRight(6).longValue();
            for (int col = 1; col <= 4; col++) {
                for (String a : f[col].split(",")) {
                    if (!a.isBlank()) {
                        String k = norm(a.trim() + (a.indexOf(':') >= 0 ? "/64" : "/32"));
                        (col <= 2 ? added : withdrawn).putIfAbsent(k, us);
                    }
                }
            }
        }
    }

    /** A prefix's canonical text; a bare address is a host route. */
    public static String norm(String p) {
        if (p.indexOf('/') < 0) {
            p = p + (p.indexOf(':') >= 0 ? "/128" : "/32");
        }
        return IpPrefix.parse(p).toString();
    }

    /** The nearest-rank percentile ({@code q} in 0..1) of {@code values}. */
    public static double percentile(List<Double> values, double q) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s.get(Math.max(0, (int) Math.ceil(q * s.size()) - 1));
    }
}
