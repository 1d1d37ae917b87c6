package dev.herald.sources.health;

import dev.herald.rib.OnFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.sources.TestLoops;
import dev.herald.sources.health.CheckResult.Outcome;
import dev.herald.sources.health.HealthCheckSettings.StartUp;
import dev.herald.sources.health.HealthCheckState.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runner: one scheduler thread, runs on virtual threads, real commands. Waits are for
 * events with a generous bound, never for an amount of time.
 */
class HealthChecksTest {
    @TempDir
    Path dir;

    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

    private final HealthListener listener = state -> heard.add(Thread.currentThread().getName() + " "
            + state.settings().name() + " " + state.state());

    private String next() throws InterruptedException {
        String s = heard.poll(10, TimeUnit.SECONDS);
        assertNotNull(s, "nothing heard within 10 s");
        return s;
    }

    private static HealthCheckSettings check(String name, Probe probe, Duration interval, Duration timeout, StartUp startUp) {
        return new HealthCheckSettings(name, probe, interval, timeout, 1, 1, startUp, new OnFailure.Withdraw());
    }

    @Test
    void aMaintenanceFileTakesTheCheckDownAndBackUpOnTheSchedulerThread() throws Exception {
        Path maintenance = dir.resolve("maintenance");
        var c = check("web", new Probe.File(maintenance, true), Duration.ofMillis(50), Duration.ofMillis(50), StartUp.DOWN);
        try (var checks = new HealthChecks(List.of(c), listener, TestLoops.SHARED)) {
            checks.start();
            assertEquals("health web STARTING", next());
            assertEquals("health web UP", next());
            Files.createFile(maintenance);
            assertEquals("health web DOWN", next());
            Files.delete(maintenance);
            assertEquals("health web UP", next());
            CheckStatus s = checks.status().get("web");
            assertTrue(s.counts().get(Outcome.PASSED) >= 2);
            assertTrue(s.counts().get(Outcome.FAILED) >= 1);
        }
    }

    @Test
    void aHungCommandIsKilledWithItsDescendantsAtTheTimeoutAndCountsAsAFailure() throws Exception {
        // The command writes its pids as it starts them, so the test need not see the tree before the
        // timeout kills it (a slow machine may not let it): every pid written must be gone after.
        Path pidFile = dir.resolve("pids");
        var hung = new Probe.Exec(List.of("sh", "-c", "echo $$ > " + pidFile + "; trap '' TERM; "
                + "sleep 300 & echo $! >> " + pidFile + "; sleep 300 & echo $! >> " + pidFile + "; wait"));
        var c = check("hung", hung, Duration.ofSeconds(30), Duration.ofMillis(500), StartUp.UP);
        try (var checks = new HealthChecks(List.of(c), listener, TestLoops.SHARED)) {
            checks.start();
            assertEquals("health hung STARTING", next());
            assertEquals("health hung DOWN", next());
            CheckStatus s = checks.status().get("hung");
            assertEquals(1L, s.counts().get(Outcome.TIMED_OUT));
            assertEquals("timed out after PT0.5S", s.lastDetail());
            assertTrue(s.lastDuration().compareTo(Duration.ofMillis(500)) >= 0, "a run lasts at least its timeout: " + s.lastDuration());
            List<Long> pids = Files.exists(pidFile)
                    ? Files.readAllLines(pidFile).stream().map(String::trim).filter(l -> !l.isEmpty()).map(Long::valueOf).toList()
                    : List.of();
            System.out.println("HealthChecksTest: the hung command had started " + pids.size() + " of 3 processes at its timeout");
            ExecProbeTest.awaitDead(pids);
        }
    }

    @Test
    void closeKillsARunningCommand() throws Exception {
        var c = check("slow", new Probe.Exec(ExecProbeTest.HUNG_TREE), Duration.ofSeconds(60), Duration.ofSeconds(60), StartUp.UP);
        var checks = new HealthChecks(List.of(c), listener, TestLoops.SHARED);
        checks.start();
        List<Long> pids = commandTree();
        checks.close();
        ExecProbeTest.awaitDead(pids);
        assertEquals(State.STARTING, checks.status().get("slow").state().state(), "no result counted after the close");
    }

    @Test
    void aReconfigureFromTheListenerDoesNotWaitForItself() throws Exception {
        Path up = Files.createFile(dir.resolve("up"));
        var a = check("a", new Probe.File(up, false), Duration.ofSeconds(30), Duration.ofSeconds(1), StartUp.DOWN);
        var b = check("b", new Probe.File(up, false), Duration.ofSeconds(30), Duration.ofSeconds(1), StartUp.DOWN);
        var holder = new ArrayList<HealthChecks>();
        HealthListener reloading = state -> {
            heard.add(state.settings().name() + " " + state.state());
            if (state.settings().name().equals("a") && state.state() == State.UP) {
                heard.add(holder.getFirst().reconfigure(List.of(a, b)).toString());
            }
        };
        try (var checks = new HealthChecks(List.of(a), reloading, TestLoops.SHARED)) {
            holder.add(checks);
            checks.start();
            assertEquals("a STARTING", next());
            assertEquals("a UP", next());
            assertEquals("b STARTING", next());
            assertEquals(new Reconfigured(List.of("a"), List.of("b"), List.of()).toString(), next());
            assertEquals("b UP", next());
        }
    }

    /** The pids of the one command this JVM runs: the shell and its two sleeps. */
    private static List<Long> commandTree() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            var children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
            seen = children.stream().map(p -> p.pid() + " " + p.info()).toList();
            for (ProcessHandle shell : children) {
                var pids = new ArrayList<Long>(List.of(shell.pid()));
                shell.descendants().forEach(p -> pids.add(p.pid()));
                if (pids.size() == 3) {
                    return pids;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the command's three processes did not appear within 10 s; children: " + seen);
    }
}
