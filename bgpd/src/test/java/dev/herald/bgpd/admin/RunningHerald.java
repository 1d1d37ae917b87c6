package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.herald.bgpd.cli.Main;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/**
 * herald as {@code herald run} runs it (Daemon.run with the admin API around it), on a thread of
 * the test JVM, with its config file and admin socket in a temporary directory.
 */
final class RunningHerald implements AutoCloseable {
    final Path dir;
    final Path configFile;
    final Path socket;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicReference<Operations> operations = new AtomicReference<>();
    private final AtomicReference<Daemon> daemon = new AtomicReference<>();

    /** A finished command's exit code and output. */
    record Result(int exit, String out, String err) {
    }

    RunningHerald(Path dir, String yaml) throws Exception {
        this(dir, yaml, null);
        awaitAnswers();
    }

    /**
     * Starts herald and returns at once; with a {@code gate}, the admin API and the SIGHUP reload
     * are attached only once the gate opens, as on a machine where attaching them is slow.
     */
    static RunningHerald starting(Path dir, String yaml, java.util.concurrent.CountDownLatch gate) throws Exception {
        return new RunningHerald(dir, yaml, gate);
    }

    private RunningHerald(Path dir, String yaml, java.util.concurrent.CountDownLatch gate) throws Exception {
        this.dir = dir;
        this.configFile = dir.resolve("herald.yaml");
        this.socket = dir.resolve("herald.sock");
        Files.writeString(configFile, yaml);
        var config = ConfigLoader.load(configFile);
        Thread.ofPlatform().daemon().name("herald-run").start(() -> {
            try {
                exit.complete(Daemon.run(config, dir, d -> {
                    daemon.set(d);
                    if (gate != null) {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    Operations o = Operations.start(d, configFile, "test");
                    operations.set(o);
                    return o;
                }));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    /** Waits until the admin API answers. */
    void awaitAnswers() throws InterruptedException {
        // A generous bound (60 s): a loaded CI machine may take seconds to start the sources.
        for (int i = 0; i < 2400 && !answers(); i++) {
            Thread.sleep(25);
        }
        assertNotNull(daemon.get(), () -> "herald did not start: " + (exit.isCompletedExceptionally() ? exit.exceptionNow() : exit.getNow(null)));
    }

    Daemon daemon() {
        return daemon.get();
    }

    boolean answers() {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs {@code herald ARGS --socket SOCKET} as the CLI would. */
    Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket");
        all.add(socket.toString());
        return run(all.toArray(String[]::new));
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    void writeConfig(String yaml) throws Exception {
        Files.writeString(configFile, yaml);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            daemon.get().shutdown("test over");
            assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        }
    }
}
