package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.RouteTiming;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every IPv4 prefix a receiver was sent in a capture, each time it was sent: per prefix the
 * arrival times (microseconds since the epoch) of the UPDATEs announcing and withdrawing it, and
 * the BGP bytes that arrived. Unlike {@link RouteTiming#parseWire} (first arrival only), it keeps
 * every arrival, so each of many changes of one prefix finds its own UPDATE.
 */
final class WireLog {
    final Map<String, List<Long>> announced = new HashMap<>();
    final Map<String, List<Long>> withdrawn = new HashMap<>();
    long bgpBytes;

    static WireLog read(Path pcap) {
        Exec.Result r = Exec.run(List.of("tshark", "-r", pcap.toString(), "-d", "tcp.port==179,bgp", "-Y", "bgp",
                "-T", "fields", "-e", "frame.time_epoch", "-e", "bgp.nlri_prefix", "-e", "bgp.withdrawn_prefix",
                "-e", "bgp.length"), Duration.ofSeconds(600)).check();
        WireLog log = new WireLog();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                continue;
            }
            long us = new BigDecimal(f[0].trim()).movePointRight(6).longValue();
            add(log.announced, f[1], us);
            add(log.withdrawn, f[2], us);
            for (String len : f[3].split(",")) {
                if (!len.isBlank()) {
                    log.bgpBytes += Long.parseLong(len.trim());
                }
            }
        }
        log.announced.values().forEach(Collections::sort);
        log.withdrawn.values().forEach(Collections::sort);
        return log;
    }

    private static void add(Map<String, List<Long>> to, String field, long us) {
        for (String a : field.split(",")) {
            if (!a.isBlank()) {
                to.computeIfAbsent(RouteTiming.norm(a.trim()), k -> new ArrayList<>()).add(us);
            }
        }
    }

    /** The first arrival at or after {@code micros} of {@code prefix} announced ({@code add}) or withdrawn; -1 if none. */
    long firstAfter(String prefix, boolean add, long micros) {
        List<Long> times = (add ? announced : withdrawn).get(prefix);
        if (times == null) {
            return -1;
        }
        int i = Collections.binarySearch(times, micros);
        int at = i >= 0 ? i : -i - 1;
        return at < times.size() ? times.get(at) : -1;
    }
}
