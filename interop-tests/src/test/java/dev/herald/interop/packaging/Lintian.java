package dev.herald.interop.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * lintian on the .deb, started in the background as soon as HeraldDeb has built it, so that its
 * half minute overlaps the install and systemd tests instead of adding to them; DebPackageIT
 * waits for it. The package's own overrides (packaging/lintian-overrides, installed where lintian
 * reads them) are applied; what is left is printed and must hold no error or warning.
 */
final class Lintian {
    private final Process process;
    private final Path output;

    private Lintian(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts lintian on {@code deb}; null when lintian is not installed. */
    static Lintian start(Path deb) throws IOException {
        if (!dev.herald.interop.lab.Lab.onPath("lintian")) {
            return null;
        }
        Path output = deb.resolveSibling("lintian.txt");
        // -I --pedantic: every tag is shown, so the printed list is the whole picture; only E: and W: fail.
        // The suppressed tags are the test's own choice: HeraldDeb builds the .deb uncompressed
        // (DEB_COMPRESS=none, ~10 s less); build-deb.sh compresses by default.
        Process p = new ProcessBuilder("lintian", "--no-cfg", "-I", "--pedantic", "--tag-display-limit", "0",
                "--suppress-tags", "uses-no-compression-for-control-tarball,uses-no-compression-for-data-tarball", deb.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Lintian(p, output);
    }

    /** Waits for lintian; its exit code and output. */
    Result await() throws Exception {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("lintian did not finish in 10 minutes");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    record Result(int exitCode, String output) {
        /** The tags that fail the package: errors and warnings not overridden. */
        List<String> failing() {
            return output.lines().filter(l -> l.startsWith("E: ") || l.startsWith("W: ")).toList();
        }
    }
}
