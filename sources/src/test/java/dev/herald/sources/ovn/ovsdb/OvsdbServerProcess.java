package dev.herald.sources.ovn.ovsdb;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ovsdb-server (Debian's openvswitch-common) as a plain child process: a database made
 * by ovsdb-tool from a schema, served on a unix socket in {@code dir}, no TCP, no root needed.
 * Stopped by its own pid ({@link Process#destroy}), never by name.
 */
final class OvsdbServerProcess implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/sbin/ovsdb-server");
    private static final Path TOOL = Path.of("/usr/bin/ovsdb-tool");

    private final Process process;
    final Path socket;
    final Path log;

    private OvsdbServerProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Aborts the test where ovsdb-server is not installed, fails it in CI (.ci/run installs it). */
    static void require() {
        if (Files.isExecutable(SERVER) && Files.isExecutable(TOOL)) {
            return;
        }
        String msg = "!!! ovsdb-server/ovsdb-tool not found: the differential test against a real ovsdb-server did NOT run."
                + " Install openvswitch-common (apt-get install openvswitch-common). !!!";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        System.err.println(msg);
        Assumptions.abort(msg);
    }

    /** Creates the database from the classpath schema {@code schemaResource} and serves it. */
    static OvsdbServerProcess start(Path dir, String schemaResource) throws IOException, InterruptedException {
        Path schema = dir.resolve("schema.ovsschema");
        try (InputStream in = OvsdbServerProcess.class.getResourceAsStream(schemaResource)) {
            Files.copy(in, schema);
        }
        Path db = dir.resolve("test.db");
        run(List.of(TOOL.toString(), "create", db.toString(), schema.toString()));
        Path socket = dir.resolve("db.sock");
        Path log = dir.resolve("ovsdb-server.log");
        Process p = new ProcessBuilder(SERVER.toString(), "--no-chdir", "--remote=punix:" + socket,
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--log-file=" + log, db.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ovsdb-server.out").toFile()).start();
        OvsdbServerProcess s = new OvsdbServerProcess(p, socket, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                s.close();
                throw new IOException("ovsdb-server did not open " + socket + ": " + Files.readString(dir.resolve("ovsdb-server.out")));
            }
            Thread.sleep(20);
        }
        return s;
    }

    OvsdbRemote remote() {
        return OvsdbRemote.parse("unix:" + socket, 0);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to this pid: ovsdb-server exits cleanly
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
