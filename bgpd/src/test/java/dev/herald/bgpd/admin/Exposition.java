package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the two formats herald serves, the Prometheus text format 0.0.4 and
 * OpenMetrics 1.0 (the Prometheus Java libraries have writers only). It fails on anything
 * Prometheus would refuse or that breaks the formats' rules: every line is metadata or a sample;
 * HELP and TYPE once per family, before its samples; a family's samples together and named after
 * it by its type's suffixes; no sample of an undeclared family; label names valid and not
 * repeated, values escaped as the format says; a series once; values numbers, NaN or ±Inf;
 * counters {@code _total} (OpenMetrics: the family without it, its samples with it); histogram
 * buckets cumulative with {@code +Inf} equal to {@code _count}; OpenMetrics ends with
 * {@code # EOF}.
 */
final class Exposition {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String VALUE = "(NaN|[+-]Inf|[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? " + VALUE + "( -?[0-9.]+)?");
    private static final Pattern LABEL = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n\"])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") ([a-z]+)");
    private static final Pattern UNIT = Pattern.compile("# UNIT (" + NAME + ") ([a-zA-Z0-9_:]*)");
    private static final Set<String> TEXT_TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Set<String> OM_TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset",
            "info", "summary", "unknown");

    /** What was parsed: each series (name, labels sorted by name) to its value, and each family to its type. */
    record Parsed(Map<String, Double> series, Map<String, String> families) {
        double get(String name, String... labels) {
            Double v = series.get(key(name, labels));
            if (v == null) {
                fail("no series " + key(name, labels) + " in " + series.keySet());
            }
            return v;
        }

        boolean has(String name, String... labels) {
            return series.containsKey(key(name, labels));
        }

        /** The sum of the series of {@code name} whose labels include {@code labels}. */
        double sum(String name, String... labels) {
            double s = 0;
            for (var e : series.entrySet()) {
                if (matches(e.getKey(), name, labels)) {
                    s += e.getValue();
                }
            }
            return s;
        }

        long count(String name, String... labels) {
            return series.keySet().stream().filter(k -> matches(k, name, labels)).count();
        }

        private static boolean matches(String key, String name, String... labels) {
            if (!key.equals(name) && !key.startsWith(name + "{")) {
                return false;
            }
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!key.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    return false;
                }
            }
            return true;
        }
    }

    private Exposition() {
    }

    /** The series key: {@code name{a="1",b="2"}} with the labels sorted by name. */
    static String key(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return key(name, sorted);
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
                .append(v).append('"'));
        return b.append('}').toString();
    }

    static Parsed text(String text) {
        return parse(text, false);
    }

    static Parsed openMetrics(String text) {
        assertTrue(text.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        return parse(text.substring(0, text.length() - "# EOF\n".length()), true);
    }

    private static Parsed parse(String text, boolean om) {
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the last line ends with a line feed");
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> united = new HashSet<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        Map<String, Double> lastBucket = new HashMap<>();
        Map<String, Double> infBuckets = new HashMap<>();
        String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1); // without the last line feed
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            assertFalse(line.isEmpty(), "an empty line");
            assertFalse(line.equals("# EOF"), "# EOF before the end");
            Matcher h = HELP.matcher(line);
            Matcher t = TYPE.matcher(line);
            Matcher u = UNIT.matcher(line);
            if (h.matches() || t.matches() || u.matches()) {
                String family = h.matches() ? h.group(1) : t.matches() ? t.group(1) : u.group(1);
                if (!family.equals(current)) {
                    assertFalse(closed.contains(family) || helped.contains(family) || types.containsKey(family),
                            "family's metadata apart from the rest: " + line);
                    if (current != null) {
                        closed.add(current);
                    }
                    current = family;
                }
                if (h.matches()) {
                    assertTrue(helped.add(family), "HELP twice: " + line);
                } else if (t.matches()) {
                    assertTrue(types.put(family, t.group(2)) == null, "TYPE twice: " + line);
                    assertTrue((om ? OM_TYPES : TEXT_TYPES).contains(t.group(2)), "unknown type: " + line);
                    if (t.group(2).equals("counter")) {
                        assertEquals(om, !family.endsWith("_total"), (om ? "OpenMetrics counter family ends without"
                                : "counter ends with") + " _total: " + line);
                    }
                } else {
                    assertTrue(om, "UNIT outside OpenMetrics: " + line);
                    assertTrue(united.add(family), "UNIT twice: " + line);
                    assertTrue(family.endsWith("_" + u.group(2)), "family named after its unit: " + line);
                }
                continue;
            }
            assertFalse(line.startsWith("#"), "unknown comment: " + line);
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "bad line: " + line);
            String name = m.group(1);
            assertTrue(current != null && types.containsKey(current), "sample of an undeclared family: " + line);
            String type = types.get(current);
            String family = current;
            assertTrue(suffixes(type, om).stream().anyMatch(s -> name.equals(family + s)),
                    "sample outside its " + type + " family " + current + ": " + line);
            Map<String, String> labels = labels(m.group(2) == null ? "" : m.group(2), line);
            double v = switch (m.group(3)) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(m.group(3));
            };
            if (type.equals("counter") && !name.endsWith("_created")) {
                assertTrue(v >= 0 || Double.isNaN(v), "negative counter: " + line);
            }
            String le = name.equals(current + "_bucket") ? labels.remove("le") : null;
            if (name.equals(current + "_bucket")) {
                assertTrue(le != null, "bucket without le: " + line);
                String others = key(current, labels);
                Double before = lastBucket.put(others, v);
                assertTrue(before == null || before <= v, "buckets not cumulative: " + line);
                if (le.equals("+Inf")) {
                    infBuckets.put(key(current + "_count", labels), v);
                }
                labels.put("le", le);
            }
            assertTrue(samples.put(key(name, labels), v) == null, "series twice: " + line);
        }
        infBuckets.forEach((count, inf) -> assertEquals(inf, samples.get(count), "+Inf bucket equals " + count));
        types.forEach((family, type) -> {
            if (type.equals("histogram")) {
                assertTrue(samples.keySet().stream().filter(k -> k.startsWith(family + "_count"))
                        .allMatch(k -> infBuckets.containsKey(k)), "a histogram _count without its +Inf bucket: " + family);
            }
        });
        return new Parsed(samples, types);
    }

    private static Set<String> suffixes(String type, boolean om) {
        return switch (type) {
            case "counter" -> om ? Set.of("_total", "_created") : Set.of("");
            case "histogram", "gaugehistogram" -> om ? Set.of("_bucket", "_sum", "_count", "_created", "_gcount", "_gsum")
                    : Set.of("_bucket", "_sum", "_count");
            case "summary" -> om ? Set.of("", "_sum", "_count", "_created") : Set.of("", "_sum", "_count");
            case "info" -> Set.of("_info");
            default -> Set.of("");
        };
    }

    /** The labels of one sample, checked: valid names, each once, values escaped as the format says. */
    private static Map<String, String> labels(String text, String line) {
        Map<String, String> out = new TreeMap<>();
        Matcher l = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            assertTrue(l.find(at) && l.start() == at, "bad labels: " + line);
            assertTrue(out.put(l.group(1), l.group(2)) == null, "label twice: " + line);
            at = l.end();
            assertFalse(at == text.length() && text.endsWith(","), "trailing comma: " + line);
        }
        return out;
    }
}
