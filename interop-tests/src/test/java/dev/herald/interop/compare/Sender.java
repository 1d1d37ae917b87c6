package dev.herald.interop.compare;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One implementation as the sender of the bulk route set, started cold in the LAN's sender
 * namespace with its sessions configured; the receivers keep their sessions shut until the
 * sender holds every route ({@link #loaded}), so the timing starts at Established, not at
 * loading.
 */
interface Sender extends AutoCloseable {
    /** A BGP session: the sender's local address and the receiver's (AS 65001); the sender is AS 65010. */
    record Session(InetAddress local, InetAddress remote) {
    }

    /** "herald" or a router's label of {@link Senders}, e.g. "BIRD" or "BIRD 3.4". */
    String impl();

    /** The version the binary reports, e.g. "2.17.1". */
    String version();

    /** Prefixes the sender holds ready to announce (both families). */
    long loaded();

    /** Fails with the log's tail when a daemon of the sender has exited. */
    void checkAlive();

    /** Pid per process that makes up the sender (their resident memory is the sender's). */
    Map<String, Long> processes();

    @Override
    void close();

    /** VmRSS of each of the sender's processes, KiB, from /proc/PID/status. */
    default Map<String, Long> rssKiB() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes().forEach((name, pid) -> out.put(name, vmRssKiB(pid)));
        return out;
    }

    static long vmRssKiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D+", ""));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read /proc/" + pid + "/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * CPU time the sender's processes have used since they started, user + system, their waited-for
     * children included ({@link ProcStat#cpuSeconds}), in seconds.
     */
    default double cpuSeconds() {
        return processes().values().stream().mapToDouble(ProcStat::cpuSeconds).sum();
    }

    /** When the sender's first process started, seconds since boot ({@link ProcStat#startSeconds}). */
    default double startSeconds() {
        return processes().values().stream().mapToDouble(ProcStat::startSeconds).min().orElseThrow();
    }

    /** What {@code impl}'s input needs outside its process, put there before it starts: FRR's kernel routes. */
    static void prepareInput(String impl, BenchLan lan, BulkRoutes routes) {
        if (Senders.isFrr(impl)) {
            FrrSender.installKernelRoutes(lan, routes, lan.logDir());
        }
    }

    /** Removes what {@code impl}'s runs left outside its process: GoBGP's MRT file, FRR's kernel routes. */
    static void removeInput(String impl, BenchLan lan) {
        if (Senders.isGoBgp(impl)) {
            GoBgpSender.removeFile(impl, lan);
        }
        if (Senders.isFrr(impl)) {
            FrrSender.removeKernelRoutes(lan);
        }
    }

    /** Starts {@code impl}'s sender with {@code sessions}; files for it go to {@code dir}. */
    static Sender start(String impl, BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir) {
        if (impl.equals("herald")) {
            return HeraldSender.start(lan, sessions, routes, dir);
        }
        dev.herald.interop.lab.RouterKind kind = Senders.kind(impl);
        return switch (kind.impl()) {
            case BIRD -> BirdSender.start(impl, kind, lan, sessions, routes, dir);
            case GOBGP -> GoBgpSender.start(impl, kind, lan, sessions, routes, dir);
            case FRR -> FrrSender.start(impl, kind, lan, sessions, dir);
            default -> throw new IllegalArgumentException("no sender " + impl);
        };
    }
}
