package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import dev.herald.codec.Capability;
import dev.herald.fsm.transport.EstablishedSession;
import picocli.CommandLine;

/**
 * Two {@code herald run --instance} on one host (two threads of this JVM, each as the command line
 * runs it, /run/herald moved to a temporary directory): neither takes the other's restart marker
 * for its own (the second would send the graceful restart R bit) or its admin socket, and
 * {@code herald status -N NAME} reaches NAME.
 */
class TwoInstancesTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LoopbackRouter routerA = LoopbackRouter.perTest();
    @RegisterExtension
    final LoopbackRouter routerB = LoopbackRouter.perTest();

    private record Result(int exit, String out, String err) {
    }

    private Path run() {
        return dir.resolve("run");
    }

    private Result herald(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        Object command = parsed.subcommand().commandSpec().userObject();
        InstanceOption instance = command instanceof RunCommand r ? r.instance : ((AdminCommand) command).admin.instance;
        instance.runRoot = run();
        int exit = cl.getExecutionStrategy().execute(parsed);
        return new Result(exit, out.toString(), err.toString());
    }

    /** herald run -N name on a thread; returns once its admin socket is there. */
    private CompletableFuture<Integer> start(String name, LoopbackRouter router) throws Exception {
        // No admin section: the socket is the instance's default, as with the example config.
        Path config = Files.writeString(dir.resolve(name + ".yaml"), HeraldYaml.lab()
                .peer(HeraldYaml.Peer.loopback("r1", router).line("graceful-restart: { restart-time: 30 }"))
                .statics("203.0.113.0/24").build());
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("herald-" + name).start(() -> {
            try {
                exit.complete(herald("run", "-N", name, "--config", config.toString(), "--log-level", "warn").exit());
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        Path socket = run().resolve(name).resolve("herald.sock");
        for (int i = 0; i < 2400 && !Files.exists(socket) && !exit.isDone(); i++) {
            Thread.sleep(25); // up to 60 s on a loaded machine
        }
        assertFalse(exit.isDone(), () -> name + " stopped: " + exit.join());
        return exit;
    }

    private static boolean restarting(EstablishedSession s) {
        return s.peerOpen().capability(Capability.GracefulRestart.class).orElseThrow().restarting();
    }

    @Test
    void twoInstancesKeepTheirOwnMarkerAndSocket() throws Exception {
        // The state directory comes from these first when set; this test is about the instance's own.
        assumeTrue(System.getenv("HERALD_STATE_DIR") == null && System.getenv("RUNTIME_DIRECTORY") == null,
                "HERALD_STATE_DIR or RUNTIME_DIRECTORY is set");
        CompletableFuture<Integer> a = start("a", routerA);
        assertFalse(restarting(routerA.awaitUp()), "a first start is no restart");
        CompletableFuture<Integer> b = start("b", routerB);
        assertFalse(restarting(routerB.awaitUp()), "b's first start is no restart, though a runs");

        assertTrue(Files.exists(run().resolve("a/herald.running")));
        assertTrue(Files.exists(run().resolve("b/herald.running")));
        assertFalse(Files.exists(run().resolve("herald.running")), "no instance uses the unnamed herald's marker");
        assertFalse(Files.exists(run().resolve("herald.sock")), "nor its socket");

        Result statusA = herald("status", "-N", "a");
        assertEquals(0, statusA.exit(), statusA::toString);
        assertTrue(statusA.out().contains("config:  " + dir.resolve("a.yaml")), statusA.out());
        Result statusB = herald("status", "--instance", "b");
        assertEquals(0, statusB.exit(), statusB::toString);
        assertTrue(statusB.out().contains("config:  " + dir.resolve("b.yaml")), statusB.out());
        Result none = herald("status", "-N", "c");
        assertEquals(ExitCodes.UNREACHABLE, none.exit(), none::toString);
        assertTrue(none.err().contains(run().resolve("c/herald.sock") + " does not exist"), none.err());

        // A reload keeps the instance's socket: the file names none, as at the start.
        Result reload = herald("reload", "-N", "b");
        assertEquals(0, reload.exit(), reload::toString);
        assertEquals("reloaded: no changes", reload.out().strip());

        // Stopping a for good clears a's marker only; b runs on and still answers.
        assertEquals(0, herald("shutdown", "-N", "a", "--timeout", "0", "-m", "bye").exit());
        assertEquals(0, a.get(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(run().resolve("a/herald.running")));
        assertTrue(Files.exists(run().resolve("b/herald.running")));
        assertEquals(0, herald("status", "-N", "b").exit());
        assertEquals(0, herald("shutdown", "-N", "b", "--timeout", "0").exit());
        assertEquals(0, b.get(60, TimeUnit.SECONDS));
    }
}
