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
 * Runs short commands (ip, vtysh, gobgp, birdc, chown) to completion. Output goes to temporary
 * files rather than pipes, so a command that leaves a child holding its stdout cannot block
 * the caller; stdin is /dev/null.
 */
public final class Exec {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Exec() {
    }

    /** The outcome of one command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the command, exit code and both outputs unless the command succeeded. */
        public Result check() {
            if (!ok()) {
                throw new LabException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
            }
            return this;
        }
    }

    public static Result run(List<String> command) {
        return run(command, DEFAULT_TIMEOUT);
    }

    public static Result check(List<String> command) {
        return run(command, DEFAULT_TIMEOUT).check();
    }

    public static Result check(String... command) {
        return check(List.of(command));
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    public static Result run(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("herald-lab-", ".out");
            err = Files.createTempFile("herald-lab-", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new LabException("command timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n--- stdout ---\n" + Files.readString(out, StandardCharsets.UTF_8)
                        + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(List.copyOf(command), p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
