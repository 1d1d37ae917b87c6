package dev.herald.interop;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.PeerState;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Figures, not a pass/fail test (not part of {@code verify}: the name does not end in IT). Run:
 * <pre>
 * ./mvnw -B -pl interop-tests verify -Dit.test=RibScaleBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * herald reads 1,000,000 IPv4 /32 and 250,000 IPv6 /64 prefixes from one static prefix file and
 * announces them to 8 peers in 2 update groups (two export policies, 4 peers each), all of them
 * sessions to one BIRD 2.0 in the router namespace (8 BGP protocols, one local address each).
 * Reports the time from starting herald to BIRD holding every route of every session (herald
 * sends End-of-RIB right after its last UPDATE), and herald's Java heap in use after a full GC
 * minus the same herald with an empty prefix file: heap bytes per prefix including all per-peer
 * and per-group state. {@code -Dherald.rib.v4=N -Dherald.rib.v6=N} scale it down.
 */
class RibScaleBenchmark {
    static final int V4 = Integer.getInteger("herald.rib.v4", 1_000_000);
    static final int V6 = Integer.getInteger("herald.rib.v6", 250_000);
    static final int PEERS = 8;

    @Test
    void announceOneAndAQuarterMillionPrefixesToEightPeers() throws Exception {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.BIRD_HOST.require();
        try (LabLink link = LabLink.create("rib-scale")) {
            Path dir = link.logDir();
            Path full = dir.resolve("prefixes.txt");
            Path empty = dir.resolve("empty.txt");
            writePrefixes(full);
            Files.writeString(empty, "# nothing\n");
            // One address pair per session on both ends: BIRD tells its protocols apart by the neighbour's address.
            List<InetAddress> routerAddresses = new ArrayList<>();
            List<InetAddress> heraldAddresses = new ArrayList<>();
            List<RouterConfig.Neighbor> neighbors = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                InetAddress a = InetAddress.getByName("198.18." + link.octet() + "." + (11 + i));
                InetAddress b = InetAddress.getByName("198.18." + link.octet() + "." + (21 + i));
                link.routerNs().ip("addr", "add", a.getHostAddress() + "/24", "dev", LabLink.IFNAME);
                link.speakerNs().ip("addr", "add", b.getHostAddress() + "/24", "dev", LabLink.IFNAME);
                routerAddresses.add(a);
                heraldAddresses.add(b);
                neighbors.add(new RouterConfig.Neighbor(b, 65010, a, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)));
            }
            Router bird = RouterKind.BIRD_HOST.start(link.routerNs(), new RouterConfig(65001, link.routerV4(), neighbors),
                    dir.resolve("bird"));
            link.own(bird);

            // Baseline: the same herald and sessions without the prefixes.
            Herald base = Herald.start(link.speakerNs(), yaml(link, routerAddresses, heraldAddresses, empty), dir.resolve("herald-empty"));
            awaitEstablished(bird, base, routerAddresses.size());
            Thread.sleep(2000);
            long baseHeap = heapUsedKiB(base);
            base.stop(Duration.ofSeconds(20));
            awaitRoutes(bird, 0, Duration.ofSeconds(200));

            long t0 = System.nanoTime();
            Herald h = link.own(Herald.start(link.speakerNs(), yaml(link, routerAddresses, heraldAddresses, full), dir.resolve("herald")));
            double established = awaitEstablished(bird, h, routerAddresses.size()) ? (System.nanoTime() - t0) / 1e9 : -1;
            long want = (long) (V4 + V6) * PEERS;
            awaitRoutes(bird, want, Duration.ofSeconds(900));
            double allRoutes = (System.nanoTime() - t0) / 1e9;
            long heap = heapUsedKiB(h);
            String rss = status(h.daemon().pid(), "VmRSS");
            String hwm = status(h.daemon().pid(), "VmHWM");
            Matcher g = Pattern.compile("update group (\\d+)").matcher(Files.readString(h.daemon().log()));
            Set<String> ids = new java.util.TreeSet<>();
            while (g.find()) {
                ids.add(g.group(1));
            }
            String groups = "update groups in herald's log: " + ids;
            double perPrefix = (heap - baseHeap) * 1024.0 / (V4 + V6);
            String figures = String.format(Locale.ROOT,
                    "[bench] rib scale: %d IPv4 + %d IPv6 prefixes, %d peers in 2 update groups: all %d sessions Established"
                            + " after %.1f s, BIRD holds all %d routes after %.1f s; herald heap after full GC %d MiB"
                            + " (empty file: %d MiB): %.1f bytes per prefix; RSS %s (peak %s); %s",
                    V4, V6, PEERS, PEERS, established, want, allRoutes, heap / 1024, baseHeap / 1024, perPrefix, rss, hwm,
                    groups);
            System.err.println(figures);
            Files.writeString(dir.resolve("figures.txt"), figures + "\n");
            h.stop(Duration.ofSeconds(30));
        }
    }

    static String yaml(LabLink link, List<InetAddress> peers, List<InetAddress> locals, Path file) {
        StringBuilder sb = new StringBuilder("""
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                export-policies:
                  group-a:
                    communities: ["65010:1"]
                  group-b:
                    communities: ["65010:2"]
                    med: 10
                peers:
                """);
        for (int i = 0; i < peers.size(); i++) {
            sb.append("  - name: p").append(i + 1).append('\n')
                    .append("    address: ").append(peers.get(i).getHostAddress()).append('\n')
                    .append("    asn: 65001\n")
                    .append("    local-address: ").append(locals.get(i).getHostAddress()).append('\n')
                    // One next hop for all: sessions alike but for the policy, so 2 update groups, not 8.
                    .append("    next-hop: { ipv4: ").append(link.speakerV4().getHostAddress()).append(", ipv6: \"")
                    .append(IpPrefix.format(link.speakerV6())).append("\" }\n")
                    .append("    export: ").append(i < peers.size() / 2 ? "group-a" : "group-b").append('\n');
        }
        sb.append("sources:\n  static:\n    - file: ").append(file).append('\n');
        return sb.toString();
    }

    /** 100.64.0.0/10 host routes (IPv4), 2001:db8:N:M::/64 (IPv6). */
    static void writePrefixes(Path f) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < V4; i++) {
                int a = (100 << 24) | (64 << 16) | i;
                w.write((a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/32\n");
            }
            for (int i = 0; i < V6; i++) {
                w.write("2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::/64\n");
            }
        }
    }

    static boolean awaitEstablished(Router bird, Herald h, int n) {
        return bird.await(n + " sessions Established", Duration.ofSeconds(120), () -> {
            h.checkAlive();
            long up = bird.peers().stream().filter(PeerState::established).count();
            return up >= n ? java.util.Optional.of(true) : java.util.Optional.empty();
        });
    }

    /** Waits until BIRD's tables hold exactly {@code want} routes (all sessions' paths). */
    static void awaitRoutes(Router bird, long want, Duration timeout) throws InterruptedException {
        awaitCount(bird::routeCountText, 2, want, timeout, "routes");
    }

    /**
     * Waits until the per-table lines of a BIRD {@code count} answer ("N of M routes for K networks in
     * table T", never the "Total:" line BIRD adds for several tables) add up to {@code want} in
     * {@code group}: 1, the routes the query matched; 2, every route of the table.
     */
    static void awaitCount(java.util.function.Supplier<String> countText, int group, long want, Duration timeout,
                           String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern p = Pattern.compile("(\\d+) of (\\d+) routes for \\d+ networks in table");
        String last = "";
        while (System.nanoTime() < deadline) {
            last = countText.get();
            Matcher m = p.matcher(last);
            long total = 0;
            while (m.find()) {
                total += Long.parseLong(m.group(group));
            }
            if (total == want) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("BIRD never held " + want + " " + what + ": " + last);
    }

    static long heapUsedKiB(Herald h) {
        String pid = Long.toString(h.daemon().pid());
        String jcmd = Herald.java().resolveSibling("jcmd").toString();
        Exec.run(jcmd, pid, "GC.run");
        Exec.run(jcmd, pid, "GC.run");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(Exec.run(jcmd, pid, "GC.heap_info").stdout());
        if (!m.find()) {
            throw new AssertionError("no heap figure from jcmd");
        }
        return Long.parseLong(m.group(1));
    }

    static String status(long pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(key + ":")) {
                    return (Long.parseLong(l.replaceAll("\\D+", "")) / 1024) + " MiB";
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }
}
