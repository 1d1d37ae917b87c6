package dev.herald.bgpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.herald.bgpd.admin.Operations;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.Instance;
import dev.herald.bgpd.logging.LogFormat;
import dev.herald.bgpd.logging.LogLevel;
import dev.herald.bgpd.logging.Logging;
import dev.herald.config.HeraldConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The training run for the JVM's ahead-of-time cache (JEP 483, 514, 515; docs/adr/0018): the
 * build runs {@code java -XX:AOTCacheOutput=herald.aot -jar herald.jar aot-training DIR}, and
 * every later start that passes {@code -XX:AOTCache=herald.aot} finds herald's classes loaded,
 * linked and profiled already. What it trains is what a start does: two daemons in this JVM on
 * loopback (ports the kernel picks) load their configs, start the static source, the admin API
 * and the RIB, peer with each other (OPEN, KEEPALIVE, UPDATE, End-of-RIB both ways), answer the
 * CLI's {@code status}, {@code peers} and {@code routes}, and stop through {@code shutdown}.
 * Hidden: not an operator's command. It never fails the build: a cache from a partial run is
 * still a cache, and without one herald starts as before.
 */
@Command(name = "aot-training", hidden = true,
        description = "Exercise a start of herald for the JVM's AOT cache (build-time use only).")
final class AotTrainingCommand implements Callable<Integer> {
    /** How long the two daemons may take to peer; the build waits no longer than this. */
    private static final long ESTABLISHED_WAIT_MILLIS = 20_000;

    @Parameters(index = "0", paramLabel = "DIR", description = "An empty directory for the configs and sockets.")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Logging.install(LogLevel.WARN, LogFormat.TEXT);
        try {
            train();
        } catch (Exception e) {
            // A port taken between freePort() and the bind, say: the cache holds what ran so far.
            spec.commandLine().getErr().println("aot-training: stopped early (" + e + "); the cache covers less");
        }
        return ExitCodes.OK;
    }

    private void train() throws Exception {
        int portA = freePort();
        int portB = freePort();
        Files.createDirectories(dir);
        Daemonised a = start("a", config("192.0.2.1", 65010, portA, 65011, portB, false, 10, 0), dir.resolve("a"));
        Daemonised b = start("b", config("192.0.2.2", 65011, portB, 65010, portA, true, 10, 100), dir.resolve("b"));
        try {
            long start = System.nanoTime();
            long until = start + TimeUnit.MILLISECONDS.toNanos(ESTABLISHED_WAIT_MILLIS);
            while (!(a.established() && b.established()) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            spec.commandLine().getErr().println(a.established() && b.established()
                    ? "aot-training: the two daemons peered in " + ms + " ms"
                    : "aot-training: the two daemons did not peer in " + ms + " ms; the cache covers less");
            for (Daemonised d : List.of(a, b)) {
                cli("status", "--socket", d.socket());
                cli("peers", "--socket", d.socket());
                cli("peers", "--json", "--socket", d.socket());
                cli("routes", "--socket", d.socket());
            }
        } finally {
            for (Daemonised d : List.of(a, b)) {
                cli("shutdown", "--socket", d.socket(), "--timeout", "10");
                d.exit.get(15, TimeUnit.SECONDS);
            }
        }
    }

    /** One daemon as {@code herald run} runs it, on a thread of this JVM. */
    private record Daemonised(Path configDir, CompletableFuture<Daemon> daemon, CompletableFuture<Integer> exit) {
        String socket() {
            return configDir.resolve("herald.sock").toString();
        }

        boolean established() throws InterruptedException {
            Daemon d = daemon.getNow(null);
            return d != null && d.peers().stream().allMatch(p -> p.state().equals("Established"));
        }
    }

    private static Daemonised start(String name, String yaml, Path configDir) throws IOException {
        Files.createDirectories(configDir);
        Path file = configDir.resolve("herald.yaml");
        Files.writeString(file, yaml.replace("SOCKET", configDir.resolve("herald.sock").toString()));
        HeraldConfig config = ConfigFiles.loadOrReport(file, new PrintWriter(System.err, true));
        if (config == null) {
            throw new IllegalStateException("the training config does not load: " + file);
        }
        Daemonised d = new Daemonised(configDir, new CompletableFuture<>(), new CompletableFuture<>());
        Thread.ofPlatform().name("aot-training-" + name).daemon().start(() -> {
            try {
                d.exit.complete(Daemon.run(config, configDir, daemon -> {
                    d.daemon.complete(daemon);
                    return Operations.start(daemon, file, Instance.DEFAULT, VersionProvider.version());
                }));
            } catch (RuntimeException e) {
                d.daemon.completeExceptionally(e);
                d.exit.completeExceptionally(e);
            }
        });
        return d;
    }

    /** A daemon with one peer (the other daemon) and {@code statics} IPv4 and IPv6 prefixes. */
    private static String config(String routerId, long asn, int port, long peerAsn, int peerPort, boolean passive,
            int hold, int statics) {
        StringBuilder y = new StringBuilder();
        y.append("router:\n  asn: ").append(asn).append("\n  router-id: ").append(routerId)
                .append("\n  listen: { address: 127.0.0.1, port: ").append(port).append(" }\n")
                .append("admin:\n  socket: SOCKET\n")
                .append("peers:\n  - name: other\n    address: 127.0.0.1\n    port: ").append(peerPort)
                .append("\n    asn: ").append(peerAsn).append("\n    passive: ").append(passive)
                .append("\n    hold-time: ").append(hold)
                .append("\n    families: [ipv4-unicast, ipv6-unicast]\n    next-hop: { ipv4: \"" + routerId + "\", ipv6: \"2001:db8::" + (asn - 65000) + "\" }\n")
                .append("sources:\n  static:\n    - prefix: 203.0.113.0/24\n    - prefix: 2001:db8:100::/48\n");
        for (int i = 0; i < statics; i++) {
            y.append("    - prefix: 198.18.").append(i).append(".0/24\n");
            y.append("    - prefix: 2001:db8:").append(Integer.toHexString(0x200 + i)).append("::/48\n");
        }
        return y.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a CLI command in this JVM, its output discarded: the classes it loads are the point. */
    private static void cli(String... args) {
        StringWriter sink = new StringWriter();
        CommandLine c = Main.commandLine();
        c.setOut(new PrintWriter(sink));
        c.setErr(new PrintWriter(sink));
        c.execute(args);
    }
}
