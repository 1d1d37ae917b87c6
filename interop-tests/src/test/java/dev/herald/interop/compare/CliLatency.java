package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Herald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 21's CLI row: {@code herald peers} against a running herald, timed from the fork to its
 * exit, as an operator's shell sees it. Whatever the checkout's bin/herald does is what is timed
 * (falling back to the lab's java command, {@link Herald#cli}, where there is no bin/herald).
 */
final class CliLatency {
    private CliLatency() {
    }

    /** bin/herald of the checkout the jar was built in (bgpd/target/herald.jar: two levels up). */
    static Path launcher() {
        return Herald.jar().getParent().getParent().getParent().resolve("bin/herald");
    }

    /** {@code calls} runs of {@code herald peers --socket SOCKET}, each one's wall time in ms; a failing call fails. */
    static List<Double> peers(Path socket, int calls) {
        Path bin = launcher();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            Exec.Result r = Files.isExecutable(bin)
                    ? Exec.run(bin.toString(), "peers", "--socket", socket.toString())
                    : Herald.cli(socket, "peers");
            double took = (System.nanoTime() - t0) / 1e6;
            if (!r.ok()) {
                throw new AssertionError("herald peers failed: " + r.stderr() + r.stdout());
            }
            ms.add(took);
        }
        return ms;
    }
}
