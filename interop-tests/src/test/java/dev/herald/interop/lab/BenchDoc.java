package dev.herald.interop.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the lab benchmarks that write their own section of docs/benchmarks.md share. */
public final class BenchDoc {
    /** docs/benchmarks.md, or {@code -Dherald.benchmarks.md=FILE} (Failsafe runs in interop-tests/). */
    public static final Path DOC = Path.of(System.getProperty("herald.benchmarks.md", "../docs/benchmarks.md"));

    private BenchDoc() {
    }

    /** Replaces (or appends) the section headed {@code "## " + heading}, up to the next "## " heading. */
    public static void writeSection(String heading, String section) throws IOException {
        Path doc = DOC.toAbsolutePath().normalize();
        String text = Files.exists(doc) ? Files.readString(doc) : "# herald benchmarks\n\nFigures, not timed tests.\n";
        int start = text.indexOf("\n## " + heading + "\n");
        String out;
        if (start < 0) {
            out = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + 1);
            out = text.substring(0, start + 1) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(doc, out);
        System.err.println("[bench] wrote " + doc);
    }

    /** The 1, 5 and 15 minute load averages (other work on the machine shows here). */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
