package dev.herald.sources.health;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Runs a command, no shell, stdin empty, output discarded; passes on exit status 0. */
final class ExecProbe implements ProbeRun {
    private static final File DEV_NULL = new File("/dev/null");

    private final List<String> argv;
    private Process process;
    private boolean aborted;

    ExecProbe(Probe.Exec probe) {
        this.argv = probe.argv();
    }

    @Override
    public ProbeResult call() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        // Started under the lock, so an abort either comes first (nothing starts) or sees the process.
        synchronized (this) {
            if (aborted) {
                return ProbeResult.fail("aborted");
            }
            p = pb.start();
            process = p;
        }
        int status = p.waitFor();
        return status == 0 ? ProbeResult.pass("exit status 0") : ProbeResult.fail("exit status " + status);
    }

    /** The command's process once started (tests look at its descendants). */
    synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    @Override
    public void abort() {
        Process p;
        synchronized (this) {
            aborted = true;
            p = process;
        }
        if (p != null) {
            ProcessTree.kill(p.toHandle());
        }
    }
}
