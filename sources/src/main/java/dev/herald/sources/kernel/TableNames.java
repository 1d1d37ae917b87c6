package dev.herald.sources.kernel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns table names into table ids: the well-known names, iproute2's rt_tables files
 * ({@code /etc/iproute2/rt_tables}, {@code /usr/share/iproute2/rt_tables} and their
 * {@code rt_tables.d/*.conf}), then VRF devices (a VRF named ovnvrf10 with table 10).
 */
public final class TableNames {
    private static final List<Path> DIRS = List.of(Path.of("/etc/iproute2"), Path.of("/usr/share/iproute2"));

    private TableNames() {
    }

    /** The outcome: the table ids, and the names nothing resolved. */
    public record Resolution(Set<Integer> ids, List<String> unresolved) {
    }

    /** Parses rt_tables text: "ID NAME" lines, '#' comments. */
    public static Map<String, Integer> parse(String text) {
        Map<String, Integer> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (s.isEmpty()) {
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length >= 2) {
                try {
                    long id = f[0].startsWith("0x") ? Long.parseLong(f[0].substring(2), 16) : Long.parseLong(f[0]);
                    if (id >= 0 && id <= 0xFFFFFFFFL) {
                        out.putIfAbsent(f[1], (int) id);
                    }
                } catch (NumberFormatException e) {
                    // not a table line
                }
            }
        }
        return out;
    }

    /** The names from the rt_tables files on this host (missing files are fine). */
    public static Map<String, Integer> fromFiles() {
        Map<String, Integer> out = new HashMap<>(RouteTypes.TABLES);
        for (Path dir : DIRS) {
            read(dir.resolve("rt_tables"), out);
            Path d = dir.resolve("rt_tables.d");
            if (Files.isDirectory(d)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.conf")) {
                    for (Path p : s) {
                        read(p, out);
                    }
                } catch (IOException e) {
                    // unreadable directory: its names stay unknown
                }
            }
        }
        return out;
    }

    private static void read(Path p, Map<String, Integer> out) {
        try {
            parse(Files.readString(p)).forEach(out::putIfAbsent);
        } catch (IOException e) {
            // no such file here
        }
    }

    /** Resolves names: files first (as `ip route show table NAME` does), then VRF devices. */
    public static Resolution resolve(List<Integer> ids, List<String> names, Map<String, Integer> files,
            Map<String, Integer> vrfs) {
        Set<Integer> out = new LinkedHashSet<>(ids);
        List<String> unresolved = new ArrayList<>();
        for (String n : names) {
            Integer t = files.get(n);
            if (t == null) {
                t = vrfs.get(n);
            }
            if (t == null) {
                unresolved.add(n);
            } else {
                out.add(t);
            }
        }
        return new Resolution(out, unresolved);
    }
}
