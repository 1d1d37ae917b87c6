package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/config.md documents every key the validator knows: each known-key list of the readers
 * (the lists {@link Section#open} checks a mapping against) is walked, and each key must have a
 * row in its section's table ({@code `key`} or {@code `parent.key`}), be named in its parent's row
 * (a mapping whose keys are listed there), or, for a key that is a section itself, have a heading.
 * A new list of keys without a place in this test fails it too.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("../docs/config.md");

    /** Where one list of keys is documented: the section heading, and the parent key in that section ("" for none). */
    private record Place(String field, List<String> keys, String heading, String parent) {
    }

    private static List<Place> places() {
        return List.of(
                new Place("ConfigReader.KEYS", ConfigReader.KEYS, null, ""),
                new Place("RouterReader.KEYS", RouterReader.KEYS, "## `router`", ""),
                new Place("RouterReader.LISTEN_KEYS", RouterReader.LISTEN_KEYS, "## `router`", "listen"),
                new Place("PeerReader.KEYS", PeerReader.KEYS, "## `peers`", ""),
                new Place("PeerReader.GR_KEYS", PeerReader.GR_KEYS, "## `peers`", "graceful-restart"),
                new Place("PeerReader.NEXT_HOP_KEYS", PeerReader.NEXT_HOP_KEYS, "## `peers`", "next-hop"),
                new Place("BfdReader.KEYS", BfdReader.KEYS, "## `peers`", "bfd"),
                new Place("ExportPolicyReader.KEYS", ExportPolicyReader.KEYS, "## `peers[].export`", ""),
                new Place("ExportPolicyReader.NEXT_HOP_KEYS", ExportPolicyReader.NEXT_HOP_KEYS, "## `peers[].export`",
                        "next-hop"),
                new Place("ExportPolicyReader.RULE_KEYS", ExportPolicyReader.RULE_KEYS, "## `peers[].export`", ""),
                new Place("ExportPolicyReader.MATCH_KEYS", ExportPolicyReader.MATCH_KEYS, "## `peers[].export`", "match"),
                new Place("ExportPolicyReader.SET_KEYS", ExportPolicyReader.SET_KEYS, "## `peers[].export`", "set"),
                new Place("RibReader.KEYS", RibReader.KEYS, "## `rib`", ""),
                new Place("DrainReader.KEYS", DrainReader.KEYS, "## `drain`", ""),
                new Place("HealthCheckReader.KEYS", HealthCheckReader.KEYS, "## `health-checks`", ""),
                new Place("HealthCheckReader.TCP_KEYS", HealthCheckReader.TCP_KEYS, "## `health-checks`", "tcp"),
                new Place("HealthCheckReader.HTTP_KEYS", HealthCheckReader.HTTP_KEYS, "## `health-checks`", "http"),
                new Place("HealthCheckReader.FILE_KEYS", HealthCheckReader.FILE_KEYS, "## `health-checks`", "file"),
                new Place("HealthCheckReader.DEGRADE_KEYS", HealthCheckReader.DEGRADE_KEYS, "## `health-checks`",
                        "degrade"),
                new Place("HealthCheckReader.MATCH_KEYS", HealthCheckReader.MATCH_KEYS, "## `health-checks`", "match"),
                new Place("SourcesReader.KEYS", SourcesReader.KEYS, null, "sources"),
                new Place("SourcesReader.STATIC_KEYS", SourcesReader.STATIC_KEYS, "### `sources.static`", ""),
                new Place("KernelReader.KEYS", KernelReader.KEYS, "### `sources.kernel`", ""),
                new Place("LxdReader.KEYS", LxdReader.KEYS, "### `sources.lxd`", ""),
                new Place("LxdReader.NEXT_HOP_KEYS", LxdReader.NEXT_HOP_KEYS, "### `sources.lxd`", "next-hop"),
                new Place("LxdReader.ALLOW_KEYS", LxdReader.ALLOW_KEYS, "### `sources.lxd`", "allow"),
                new Place("OvnReader.KEYS", OvnReader.KEYS, "### `sources.ovn`", ""),
                new Place("OvnReader.TRACKED_KEYS", OvnReader.TRACKED_KEYS, "### `sources.ovn`", "tracked-port"),
                new Place("OvnReader.NEXT_HOP_KEYS", OvnReader.NEXT_HOP_KEYS, "### `sources.ovn`", "next-hop"),
                new Place("OperationsReader.ADMIN_KEYS", OperationsReader.ADMIN_KEYS, "## `admin`", ""),
                new Place("OperationsReader.METRICS_KEYS", OperationsReader.METRICS_KEYS, "## `metrics`", ""));
    }

    @Test
    void everyKnownKeyIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        for (Place p : places()) {
            for (String key : p.keys()) {
                boolean ok = p.heading() == null
                        ? headingNames(doc, p.parent().isEmpty() ? key : p.parent() + "." + key)
                        : documented(section(doc, p.heading()), key, p.parent());
                if (!ok) {
                    missing.add((p.parent().isEmpty() ? "" : p.parent() + ".") + key + " (" + p.field() + ", "
                            + (p.heading() == null ? "a heading" : p.heading()) + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "keys the validator knows but docs/config.md does not document");
    }

    /** Every known-key list in the readers has a place above: a new one must be documented too. */
    @Test
    void everyKeyListIsWalked() throws IOException {
        Pattern decl = Pattern.compile("static final List<String> (\\w*KEYS)\\b");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/herald/config"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = decl.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(f.getFileName().toString().replace(".java", "") + "." + m.group(1));
                }
            }
        }
        Set<String> walked = new TreeSet<>(places().stream().map(Place::field).toList());
        assertEquals(found, walked);
        assertTrue(found.size() > 20, "found the readers' lists: " + found);
    }

    /** The text from {@code heading} (a line starting with it) to the next heading of the same or a higher level. */
    private static String section(String doc, String heading) {
        int at = doc.indexOf("\n" + heading);
        assertTrue(at >= 0, "no heading " + heading);
        int level = heading.indexOf(' ');
        int end = doc.length();
        Matcher next = Pattern.compile("\n(#{1," + level + "}) ").matcher(doc);
        if (next.find(at + 1)) {
            end = next.start();
        }
        return doc.substring(at, end);
    }

    private static boolean headingNames(String doc, String name) {
        return Pattern.compile("(?m)^#{2,3} .*`" + Pattern.quote(name) + "`").matcher(doc).find();
    }

    /**
     * A table row of its own ({@code | `key` |} or {@code | `parent.key` |}, also in a first cell
     * listing several; a mapping may be documented by its own keys' rows, {@code `key.sub`}), or its
     * parent's row naming it as {@code `key`}.
     */
    private static boolean documented(String section, String key, String parent) {
        String full = parent.isEmpty() ? key : parent + "." + key;
        for (String line : section.split("\n")) {
            if (!line.startsWith("| ")) {
                continue;
            }
            String[] cells = line.split(" \\| ", 3);
            String first = cells[0].substring(2);
            for (String name : first.split(", ")) {
                String n = name.strip();
                if (n.equals("`" + full + "`") || n.equals("`" + key + "`") && parent.isEmpty()
                        || n.startsWith("`" + full + ".")) { // a mapping documented through its keys' rows
                    return true;
                }
            }
            if (!parent.isEmpty() && first.strip().equals("`" + parent + "`") && line.contains("`" + key + "`")) {
                return true;
            }
        }
        return false;
    }
}
