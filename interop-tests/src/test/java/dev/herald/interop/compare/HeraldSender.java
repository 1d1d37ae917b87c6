package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * herald as shipped (the jvm.options argfile beside the jar, as every launcher passes it)
 * reading the bulk set from one static prefix file.
 */
final class HeraldSender implements Sender {
    private static final Pattern RIB = Pattern.compile("\"rib_prefixes\"\\s*:\\s*(\\d+)");
    private final Herald herald;
    private final Path socket;

    private HeraldSender(Herald herald, Path socket) {
        this.herald = herald;
        this.socket = socket;
    }

    static HeraldSender start(BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir) {
        return start(lan, sessions, routes, dir, "");
    }

    /** With {@code peerLines} (YAML keys, one a line) added to every peer. */
    static HeraldSender start(BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir, String peerLines) {
        Path file = dir.getParent().resolve("prefixes.txt");
        if (!file.toFile().exists()) {
            routes.writePrefixFile(file);
        }
        Path socket = Path.of("/run/herald-lab/" + lan.senderNs().name() + "-herald.sock");
        StringBuilder y = config(lan, sessions, socket, peerLines);
        y.append("sources:\n  static:\n    - file: ").append(file).append('\n');
        return new HeraldSender(Herald.start(lan.senderNs(), y.toString(), dir), socket);
    }

    /** herald's config up to its sources: router, admin socket, one peer rN per session (with {@code peerLines}). */
    static StringBuilder config(BenchLan lan, List<Session> sessions, Path socket, String peerLines) {
        StringBuilder y = new StringBuilder("""
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                admin:
                  socket: %s
                peers:
                """.formatted(socket));
        int j = 0;
        for (Session s : sessions) {
            y.append("  - name: r").append(++j).append('\n')
                    .append("    address: ").append(s.remote().getHostAddress()).append('\n')
                    .append("    asn: 65001\n")
                    .append("    local-address: ").append(s.local().getHostAddress()).append('\n')
                    .append("    families: [ipv4-unicast, ipv6-unicast]\n")
                    .append("    next-hop: { ipv4: ").append(lan.senderV4(1).getHostAddress()).append(", ipv6: \"")
                    .append(IpPrefix.format(lan.senderV6())).append("\" }\n")
                    .append("    connect-retry: 1\n")
                    .append("    hold-time: ").append(Bench.HOLD_TIME).append('\n')
                    .append(peerLines.indent(4));
        }
        return y;
    }

    @Override
    public String impl() {
        return "herald";
    }

    @Override
    public String version() {
        return Herald.run("--version").stdout().lines().findFirst().orElse("").replaceFirst("^herald\\s*", "").trim();
    }

    @Override
    public long loaded() {
        Exec.Result r = Exec.run("curl", "-s", "--max-time", "5", "--unix-socket", socket.toString(), "http://herald/v1/status");
        Matcher m = RIB.matcher(r.stdout());
        return r.ok() && m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The admin socket, for the CLI ({@link CliLatency}). */
    Path socket() {
        return socket;
    }

    /** UPDATEs sent to peer {@code rN} since herald started (End-of-RIBs included). */
    long updatesSent(String peer) {
        return Herald.updatesSent(socket, peer);
    }

    @Override
    public void checkAlive() {
        herald.checkAlive();
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("java", herald.daemon().pid());
    }

    @Override
    public void close() {
        herald.stop(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return "herald sender " + herald;
    }
}
