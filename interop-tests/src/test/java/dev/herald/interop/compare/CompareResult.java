package dev.herald.interop.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's figures of the side-by-side benchmark suite (issue 10), written as JSON to
 * {@code interop-tests/target/bench/ID.json} (or {@code -Dherald.bench.out=DIR}) for
 * {@code interop-tests/lab/bench-report.py}, which turns every such file into a table and a chart
 * in docs/benchmarks.md. One writer for every scenario so the report reads one shape.
 *
 * @param id file name and chart name, e.g. {@code bulk-bird}
 * @param title the table's heading, e.g. "Bulk: 1,000,000 IPv4 + 250,000 IPv6 to BIRD 2.17"
 * @param unit what each run measures, e.g. "s" or "MiB" or "ms"
 * @param receiver the receiving implementation and version, or "" where none
 * @param goal the goal for herald in words, reported not asserted
 * @param method how a run is timed, in one or two sentences
 * @param rows one per sender; herald's row is the one whose impl is "herald"
 */
public record CompareResult(String id, String title, String unit, String receiver, String goal, String method,
        List<Row> rows) {

    /**
     * One implementation's runs.
     *
     * @param impl "herald" or a router's label of {@link Senders}, e.g. "BIRD" or "BIRD 3.4"
     * @param version e.g. "2.17"
     * @param runs one figure per run, in the scenario's unit (empty when it could not be measured)
     * @param note why a run is missing or anything odd, else ""
     * @param budget a run that did not finish within this many units (the report shows "&gt; budget"
     *     rather than dropping the sender), else null
     * @param cpu the sender's CPU seconds (user + system, children included) per run, where the
     *     scenario reads them (the report's CPU column), else empty
     */
    public record Row(String impl, String version, List<Double> runs, String note, Double budget, List<Double> cpu) {
        public Row {
            runs = List.copyOf(runs);
            cpu = List.copyOf(cpu);
        }

        public Row(String impl, String version, List<Double> runs, String note, Double budget) {
            this(impl, version, runs, note, budget, List.of());
        }

        public Row(String impl, String version, List<Double> runs, String note) {
            this(impl, version, runs, note, null);
        }
    }

    public CompareResult {
        rows = List.copyOf(rows);
    }

    /** Where results go: {@code -Dherald.bench.out}, else target/bench under the module. */
    public static Path outDir() {
        return Path.of(System.getProperty("herald.bench.out", "target/bench"));
    }

    /** Writes this result to {@link #outDir()}/ID.json and returns the path. */
    public Path write() {
        Path dir = outDir();
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(id + ".json");
            Files.writeString(file, toJson());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "id", id).append(",\n");
        field(b, "title", title).append(",\n");
        field(b, "unit", unit).append(",\n");
        field(b, "receiver", receiver).append(",\n");
        field(b, "goal", goal).append(",\n");
        field(b, "method", method).append(",\n");
        b.append("  \"rows\": [\n");
        List<String> rowTexts = new ArrayList<>();
        for (Row r : rows) {
            StringBuilder rb = new StringBuilder("    {");
            rb.append("\"impl\": ").append(quote(r.impl())).append(", ");
            rb.append("\"version\": ").append(quote(r.version())).append(", ");
            rb.append("\"runs\": ").append(numbers(r.runs())).append(", ");
            if (!r.cpu().isEmpty()) {
                rb.append("\"cpu\": ").append(numbers(r.cpu())).append(", ");
            }
            if (r.budget() != null) {
                rb.append("\"budget\": ").append(String.format(Locale.ROOT, "%.4f", r.budget())).append(", ");
            }
            rb.append("\"note\": ").append(quote(r.note())).append("}");
            rowTexts.add(rb.toString());
        }
        b.append(String.join(",\n", rowTexts)).append("\n  ]\n}\n");
        return b.toString();
    }

    private static String numbers(List<Double> xs) {
        List<String> nums = new ArrayList<>();
        for (double d : xs) {
            nums.add(String.format(Locale.ROOT, "%.4f", d));
        }
        return "[" + String.join(", ", nums) + "]";
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        return b.append("  ").append(quote(name)).append(": ").append(quote(value));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
