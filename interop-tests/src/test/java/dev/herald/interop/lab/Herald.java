package dev.herald.interop.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * herald as a separate process in a lab namespace:
 * {@code ip netns exec NS JAVA @jvm.options -XX:AOTCache=herald.aot -jar herald.jar run --config FILE},
 * stdout and stderr to {@code herald.log} beside the config, stopped with SIGTERM.
 */
public final class Herald implements AutoCloseable {
    private final Daemon daemon;
    private final Path config;

    private Herald(Daemon daemon, Path config) {
        this.daemon = daemon;
        this.config = config;
    }

    /** The herald jar: system property {@code herald.jar} (set by the interop-tests POM), else bgpd/target/herald.jar. */
    public static Path jar() {
        String p = System.getProperty("herald.jar");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        Path fromModule = here.resolve("../bgpd/target/herald.jar").normalize();
        return Files.exists(fromModule) ? fromModule : here.resolve("bgpd/target/herald.jar").normalize();
    }

    /** The JVM options herald ships with, as the launchers pass them: the argfile beside the jar. */
    public static String jvmOptions() {
        return "@" + jar().resolveSibling("jvm.options");
    }

    /**
     * {@code JAVA @jvm.options [AOT cache] -jar herald.jar}, as bin/herald starts it: with the
     * JVM's ahead-of-time cache the build leaves beside the jar (herald.aot, docs/adr/0018) when it
     * is newer than the jar (a cache of another jar would only be refused, with an error line).
     */
    public static List<String> javaCommand() {
        List<String> cmd = new java.util.ArrayList<>(List.of(java().toString(), jvmOptions()));
        Path aot = jar().resolveSibling("herald.aot");
        try {
            if (Files.isRegularFile(aot)
                    && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar())) > 0) {
                cmd.add("-XX:AOTCache=" + aot);
            }
        } catch (IOException e) {
            // No cache then: herald starts as without one.
        }
        cmd.addAll(List.of("-jar", jar().toString()));
        return cmd;
    }

    /** {@code herald ARGS} as its own process (the admin CLI), outside the namespaces. */
    public static Exec.Result run(String... args) {
        List<String> cmd = new java.util.ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        return Exec.run(cmd);
    }

    /** {@code herald ARGS --socket SOCKET}: the admin CLI against one herald's socket (a file, reachable from outside its namespace). */
    public static Exec.Result cli(Path socket, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--socket";
        all[args.length + 1] = socket.toString();
        return run(all);
    }

    private static final java.util.regex.Pattern UPDATES_OUT =
            java.util.regex.Pattern.compile("\"out\"\\s*:\\s*\\{[^}]*\"update\"\\s*:\\s*(\\d+)");

    /** UPDATEs herald sent to {@code peer} (End-of-RIBs included), from {@code herald peers PEER --json}. */
    public static long updatesSent(Path socket, String peer) {
        Exec.Result r = cli(socket, "peers", peer, "--json").check();
        java.util.regex.Matcher m = UPDATES_OUT.matcher(r.stdout());
        if (!m.find()) {
            throw new AssertionError("no UPDATE count for " + peer + " in " + r.stdout());
        }
        return Long.parseLong(m.group(1));
    }

    /** Skips (or, under CI, fails) unless the herald jar has been built. */
    public static void requireJar() {
        Lab.require(Files.isRegularFile(jar()), "herald jar not found at " + jar()
                + "; build it first: ./mvnw -B -DskipTests package (./mvnw -B verify builds it before these tests)");
    }

    /** A JDK 25+ java binary: the one running the tests when it is new enough, else /usr/lib/jvm/temurin-25*. */
    public static Path java() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Runtime.version().feature() >= 25 && Files.isExecutable(own)) {
            return own;
        }
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
            return s.filter(p -> p.getFileName().toString().matches("(temurin|jdk|java)-?2[5-9].*"))
                    .map(p -> p.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst()
                    .orElseThrow(() -> new LabException("no JDK 25 found (java.home " + own + ", nothing in /usr/lib/jvm)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code yaml} to DIR/herald.yaml and starts herald with it in {@code ns}; the log is DIR/herald.log. */
    public static Herald start(Netns ns, String yaml, Path dir) {
        return start(ns, yaml, dir, dir);
    }

    /**
     * Like {@link #start(Netns, String, Path)} with herald's state directory (its restart marker) in
     * {@code stateDir}: pass the same one to successive starts to make them restarts.
     */
    public static Herald start(Netns ns, String yaml, Path dir, Path stateDir) {
        return start(ns, yaml, dir, stateDir, java.util.Map.of());
    }

    /**
     * Like {@link #start(Netns, String, Path, Path)} with more environment, e.g. {@code HERALD_LOG_LEVEL=trace};
     * {@code HERALD_JAVA_OPTS} also goes after the shipped JVM options, as herald's launchers put it.
     */
    public static Herald start(Netns ns, String yaml, Path dir, Path stateDir, java.util.Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("herald.yaml");
            Files.writeString(config, withOwnAdminSocket(yaml, dir));
            // The restart marker (graceful restart R bit) lives beside the log: one per test.
            Files.createDirectories(stateDir);
            List<String> command = new java.util.ArrayList<>(List.of("env", "HERALD_STATE_DIR=" + stateDir.toAbsolutePath()));
            env.forEach((k, v) -> command.add(k + "=" + v));
            List<String> java = new java.util.ArrayList<>(javaCommand());
            // As bin/herald and the .deb's launcher: HERALD_JAVA_OPTS after the shipped options, so they win.
            if (env.containsKey("HERALD_JAVA_OPTS")) {
                java.addAll(2, List.of(env.get("HERALD_JAVA_OPTS").trim().split("\\s+")));
            }
            command.addAll(java);
            command.addAll(List.of("run", "--config", config.toString()));
            List<String> cmd = ns.wrap(command);
            return new Herald(Daemon.start("herald@" + ns.name(), cmd, dir.resolve("herald.log")), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SOCKETS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * {@code yaml} with an admin socket of this herald's own when it names none: the default,
     * /run/herald/herald.sock, is the host's, and lab heralds running side by side (in one test or
     * in parallel runs) would take it from each other and unlink it when they stop.
     */
    static String withOwnAdminSocket(String yaml, Path dir) {
        if (java.util.regex.Pattern.compile("(?m)^admin:").matcher(yaml).find() || yaml.stripLeading().startsWith("{")) {
            return yaml; // its own admin section, or a flow-style document to leave as it is
        }
        Path socket = dir.toAbsolutePath().resolve("herald.sock");
        if (socket.toString().length() > 100) { // sun_path holds 108 bytes
            socket = Path.of("/tmp", "hl-" + ProcessHandle.current().pid() + "-" + SOCKETS.incrementAndGet() + ".sock");
        }
        return yaml + (yaml.endsWith("\n") ? "" : "\n") + "admin:\n  socket: " + socket + "\n";
    }

    public Daemon daemon() {
        return daemon;
    }

    public Path config() {
        return config;
    }

    public boolean isAlive() {
        return daemon.isAlive();
    }

    /** Fails with herald's log tail when it has exited. */
    public void checkAlive() {
        daemon.checkAlive();
    }

    public String logTail() {
        return daemon.tail(60);
    }

    /** SIGTERM (what systemd sends), then SIGKILL after {@code grace}; returns the exit code. */
    public int stop(Duration grace) {
        return daemon.stop(grace);
    }

    /** SIGINT: herald's stop for good (withdraw everything, Cease/Administrative Shutdown); returns the exit code. */
    public int shutdown(Duration grace) {
        return daemon.signalAndWait("INT", grace);
    }

    /** SIGKILL: a crash. */
    public void kill9() {
        daemon.kill9();
    }

    /** Whether herald's log contains {@code text} (the log is never asked for passwords' sake: they are never in it). */
    public boolean logContains(String text) {
        try {
            return Files.exists(daemon.log()) && Files.readString(daemon.log()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        daemon.stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return daemon.toString();
    }
}
