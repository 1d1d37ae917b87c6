package dev.herald.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real commands: exit statuses, and a hung tree that ignores SIGTERM killed whole. */
class ExecProbeTest {
    /** A shell that ignores SIGTERM and waits on two children of its own. */
    static final List<String> HUNG_TREE = List.of("sh", "-c", "trap '' TERM; sleep 300 & sleep 300");

    @Test
    void exitStatusZeroPassesAndAnyOtherFails() throws Exception {
        assertEquals(ProbeResult.pass("exit status 0"), new ExecProbe(new Probe.Exec(List.of("true"))).call());
        assertEquals(ProbeResult.fail("exit status 3"), new ExecProbe(new Probe.Exec(List.of("sh", "-c", "exit 3"))).call());
    }

    @Test
    void argumentsReachTheCommandWithoutAShell() throws Exception {
        // A shell would expand the glob and split the words; exec passes them as they are.
        var probe = new ExecProbe(new Probe.Exec(List.of("test", "* $HOME", "=", "* $HOME")));
        assertTrue(probe.call().passed());
    }

    @Test
    void aHungCommandAndAllItsDescendantsAreKilledByAbort() throws Exception {
        var probe = new ExecProbe(new Probe.Exec(HUNG_TREE));
        var result = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Long> pids = treeOf(probe, 3);
        probe.abort();
        ProbeResult r = result.get(10, TimeUnit.SECONDS);
        assertFalse(r.passed());
        assertEquals("exit status 137", r.detail(), "SIGKILL, as a shell reports it");
        awaitDead(pids);
    }

    @Test
    void anAbortBeforeTheStartStartsNothing() throws Exception {
        var probe = new ExecProbe(new Probe.Exec(HUNG_TREE));
        probe.abort();
        assertEquals(ProbeResult.fail("aborted"), probe.call());
    }

    /** The pids of the probe's process and its descendants, once there are {@code n} of them. */
    static List<Long> treeOf(ExecProbe probe, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var root = probe.process();
            if (root.isPresent()) {
                var pids = new ArrayList<Long>();
                pids.add(root.get().pid());
                root.get().descendants().forEach(p -> pids.add(p.pid()));
                if (pids.size() >= n) {
                    return pids;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the command did not start " + n + " processes within 10 s");
    }

    /**
     * Waits until every pid is gone or a zombie: a killed orphan waits for init to reap it, and a
     * container's init may never do so (ProcessHandle.isAlive counts a zombie as alive).
     */
    static void awaitDead(List<Long> pids) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Long> alive = pids;
        while (System.nanoTime() < deadline) {
            alive = new ArrayList<>();
            for (long pid : pids) {
                if (running(pid)) {
                    alive.add(pid);
                }
            }
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("still running 10 s after the kill: " + alive);
    }

    private static boolean running(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
