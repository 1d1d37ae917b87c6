package dev.herald.interop.compare;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.RouterRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD (2.17 from trixie; 2.20 and 3.4 from sid) as the sender: two static protocols with the bulk set as
 * {@code route P blackhole;} lines, one BGP protocol per session exporting all of them
 * (IPv6 with {@code next hop address}: BIRD has no IPv6 next hop of its own on an IPv4 session).
 * BIRD 3 is multi-threaded: its worker thread group gets 2 threads, one per CPU of the 2-CPU
 * machine the suite is measured on (BIRD's documentation: about as many worker threads as cores).
 */
final class BirdSender implements Sender {
    /** BIRD 3's worker threads: the suite's machine has 2 CPUs. */
    static final int BIRD3_THREADS = Integer.getInteger("herald.bench.bird3.threads", 2);
    private static final Pattern COUNT = Pattern.compile("(\\d+) of (\\d+) routes for \\d+ networks in table");
    private final String label;
    private final RouterKind kind;
    private final RouterRuntime runtime;
    private final BenchLan lan;
    private final String runDir;
    private final Daemon bird;

    private BirdSender(String label, RouterKind kind, RouterRuntime runtime, BenchLan lan, String runDir, Daemon bird) {
        this.label = label;
        this.kind = kind;
        this.runtime = runtime;
        this.lan = lan;
        this.runDir = runDir;
        this.bird = bird;
    }

    static BirdSender start(String label, RouterKind kind, BenchLan lan, List<Session> sessions, BulkRoutes routes, Path dir) {
        kind.require();
        RouterRuntime rt = kind.runtime();
        String run = "/run/herald-lab/" + lan.senderNs().name() + "-bird";
        rt.mkdir(run, null);
        routes.writeBirdStatic(rt.hostPath(run + "/static4.conf"), rt.hostPath(run + "/static6.conf"));
        StringBuilder c = new StringBuilder();
        c.append("log stderr all;\n");
        c.append("router id ").append(lan.senderV4(1).getHostAddress()).append(";\n");
        if (CompareVersions.bird(kind).startsWith("3")) {
            c.append("thread group worker { threads ").append(BIRD3_THREADS).append("; default yes; };\n");
        }
        c.append("protocol device { scan time 10; }\n");
        // BIRD takes "include" only at the start of a line.
        c.append("protocol static st4 {\n  ipv4 { import all; };\ninclude \"").append(run).append("/static4.conf\";\n}\n");
        c.append("protocol static st6 {\n  ipv6 { import all; };\ninclude \"").append(run).append("/static6.conf\";\n}\n");
        int j = 0;
        for (Session s : sessions) {
            c.append("protocol bgp r").append(++j).append(" {\n");
            c.append("  local ").append(s.local().getHostAddress()).append(" as 65010;\n");
            c.append("  neighbor ").append(s.remote().getHostAddress()).append(" as 65001;\n");
            c.append("  connect delay time 1;\n  connect retry time 2;\n  error wait time 1, 5;\n");
            c.append("  hold time ").append(Bench.HOLD_TIME).append(";\n");
            c.append("  ipv4 { import none; export all; };\n");
            c.append("  ipv6 { import none; export all; next hop address ").append(IpPrefix.format(lan.senderV6())).append("; };\n");
            c.append("}\n");
        }
        rt.write(run + "/bird.conf", c.toString(), null);
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("bird.conf"), c.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Daemon d = Daemon.start("bird-sender-" + Senders.key(label) + "@" + lan.senderNs().name(), rt.daemon(lan.senderNs(),
                List.of(kind.binary(), "-f", "-c", run + "/bird.conf", "-s", run + "/bird.ctl", "-P", run + "/bird.pid")),
                dir.resolve("bird.log"));
        return new BirdSender(label, kind, rt, lan, run, d);
    }

    private Exec.Result birdc(String command) {
        return Exec.run(runtime.client(lan.senderNs(), List.of(kind.path("/usr/sbin/birdc"), "-s", runDir + "/bird.ctl", command)));
    }

    @Override
    public String impl() {
        return label;
    }

    @Override
    public String version() {
        return CompareVersions.bird(kind);
    }

    @Override
    public long loaded() {
        Exec.Result r = birdc("show route count");
        long total = 0;
        Matcher m = COUNT.matcher(r.stdout());
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }

    @Override
    public void checkAlive() {
        bird.checkAlive();
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("bird", bird.pid());
    }

    @Override
    public void close() {
        bird.stop(Duration.ofSeconds(20));
        runtime.deleteTree(runDir);
    }

    @Override
    public String toString() {
        return label + " sender " + bird;
    }
}
