package dev.herald.interop.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process the lab started in the foreground (a router daemon, herald). Its
 * stdin is /dev/null and stdout+stderr go to a log file, never to a pipe. {@code ip netns exec}
 * and {@code chroot} exec their command, so the pid is the daemon's own: {@link #stop} sends it
 * SIGTERM, then SIGKILL after a grace period.
 */
public final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static Daemon start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            System.err.println("[lab] started " + name + " pid " + p.pid() + ", log " + log);
            return new Daemon(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Throws with the log's tail when the daemon has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new DaemonExitedException(name + " (pid " + process.pid() + ") exited with " + process.exitValue()
                    + "; last lines of " + log + ":\n" + tail(40));
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Sends {@code signal} (e.g. "INT") to the daemon's pid, waits up to {@code grace}, then SIGKILL. Returns the exit code. */
    public int signalAndWait(String signal, Duration grace) {
        if (process.isAlive()) {
            Exec.run("kill", "-" + signal, Long.toString(process.pid()));
            awaitOrKill("SIG" + signal, grace);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits up to {@code grace} for the process to end after {@code signal}, then SIGKILLs it. */
    private void awaitOrKill(String signal, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("[lab] " + name + " pid " + process.pid() + " ignored " + signal + " for " + grace + "; SIGKILL");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL (a crash: no chance to close anything) and wait for the process to be gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns the exit code. */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            awaitOrKill("SIGTERM", grace);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
