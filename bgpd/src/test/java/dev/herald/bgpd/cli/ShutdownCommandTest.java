package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.bgpd.admin.Operations;
import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import dev.herald.config.ConfigLoader;
import picocli.CommandLine;

/**
 * herald shutdown against a herald running on a thread of this JVM, with the process check
 * played by the test: the admin socket closes about 2 s before a real herald's process exits,
 * and the command must wait for the process.
 */
class ShutdownCommandTest {
    /**
     * The least gap the router sees between the drained UPDATE and the session's end for a 2 s
     * drain: 2 s less half a second for the watcher's and the reader's scheduling on a loaded
     * machine. Without the drain wait the gap is a few milliseconds.
     */
    private static final long DRAIN_SEEN_NANOS = 1_500_000_000L;

    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    private record Result(int exit, String out, String err) {
    }

    private CompletableFuture<Integer> herald(Path socket) throws Exception {
        Path file = Files.writeString(dir.resolve("herald.yaml"), HeraldYaml.lab().admin(socket)
                .peer(HeraldYaml.Peer.loopback("r1", router)).statics("203.0.113.0/24").build());
        var config = ConfigLoader.load(file);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                exit.complete(Daemon.run(config, dir, d -> Operations.start(d, file, "test")));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        for (int i = 0; i < 2400 && !Files.exists(socket); i++) {
            Thread.sleep(25); // up to 60 s on a loaded machine
        }
        return exit;
    }

    private static Result shutdown(Path socket, java.util.function.LongPredicate alive, String... extra) {
        CommandLine cl = Main.commandLine();
        ((ShutdownCommand) cl.getSubcommands().get("shutdown").getCommand()).processAlive = alive;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("shutdown", "--socket", socket.toString()),
                java.util.stream.Stream.of(extra)).toArray(String[]::new);
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void waitsForTheProcessAfterTheSocketIsGone() throws Exception {
        Path socket = dir.resolve("herald.sock");
        CompletableFuture<Integer> exit = herald(socket);
        AtomicInteger looks = new AtomicInteger();
        long[] asked = {-1};
        Result r = shutdown(socket, pid -> {
            asked[0] = pid;
            return looks.incrementAndGet() <= 3; // the process outlives its socket by three looks
        });
        assertEquals(ExitCodes.OK, r.exit(), r::toString);
        assertEquals(4, looks.get(), "asked until the process was gone");
        assertEquals(ProcessHandle.current().pid(), asked[0], "the pid herald's status gave");
        assertTrue(r.out().contains("stopped"), r.out());
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aProcessThatDoesNotExitIsExit75WithTheReason() throws Exception {
        Path socket = dir.resolve("herald.sock");
        CompletableFuture<Integer> exit = herald(socket);
        Result r = shutdown(socket, pid -> true, "--timeout", "1");
        assertEquals(ExitCodes.STILL_RUNNING, r.exit(), r::toString);
        assertEquals("herald: shutdown requested, but herald (pid " + ProcessHandle.current().pid()
                + ") still runs after 1 s", r.err().strip());
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
    }

    /**
     * shutdown --drain 2: the routes are sent again with GRACEFUL_SHUTDOWN over the session that stays
     * up, and the Cease/2 comes at least 2 s after that re-announcement.
     */
    @Test
    void drainFirstThenCeaseAtLeastTheDrainLater() throws Exception {
        Path socket = dir.resolve("herald.sock");
        CompletableFuture<Integer> exit = herald(socket);
        router.awaitUp();
        for (int i = 0; i < 2000 && router.updatesReceived() < 2; i++) {
            Thread.sleep(5); // the prefix, End-of-RIB
        }
        assertEquals(2, router.updatesReceived());
        long[] reannounced = {0};
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (router.updatesReceived() < 3) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a look each millisecond, not a spinning CPU
            }
            reannounced[0] = System.nanoTime();
        });
        CompletableFuture<String> down = CompletableFuture.supplyAsync(() -> {
            try {
                return router.awaitDown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = shutdown(socket, pid -> false, "--drain", "2", "--message", "bye");
        assertEquals(ExitCodes.OK, r.exit(), r::toString);
        String reason = down.get(60, TimeUnit.SECONDS);
        long downAt = System.nanoTime();
        watcher.join(10_000);
        assertTrue(reannounced[0] != 0, "the drained routes were sent before the session went down");
        assertTrue(reason.contains("6/2"), reason);
        assertTrue(downAt - reannounced[0] >= DRAIN_SEEN_NANOS,
                "Cease/2 only " + (downAt - reannounced[0]) / 1_000_000 + " ms after the drain");
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
    }
}
