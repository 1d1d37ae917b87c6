package dev.herald.config;

import java.util.List;
import java.util.regex.Pattern;

/** Reads the {@code rib:} section. */
final class RibReader {
    static final List<String> KEYS = List.of("source-precedence", "coalesce-window");
    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private RibReader() {
    }

    static RibConfig read(YamlNode node, String key, Problems problems) {
        Section s = Section.open(node, "rib", node.mark(), problems, KEYS);
        if (s == null) {
            return null;
        }
        List<String> order = s.optional("source-precedence", RibReader::order, RibConfig.DEFAULT_PRECEDENCE);
        Long window = s.optional("coalesce-window", (n, k, p) -> NumberValues.range(n, k, p, 0, 10_000, " milliseconds"),
                0L);
        return s.failed() ? null : new RibConfig(order, window.intValue());
    }

    private static List<String> order(YamlNode node, String key, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            return problems.reject(node, key, "must be a non-empty list of source names such as"
                    + " [static, ovn, lxd, kernel], got " + node.describe());
        }
        return Duplicates.readUnique(seq, key, problems, "source", RibReader::source, name -> "'" + name + "'");
    }

    private static String source(YamlNode node, String key, Problems problems) {
        String name = Scalars.string(node, key, problems);
        if (name != null && !SOURCE.matcher(name).matches()) {
            problems.error(node.mark(), "source name '" + name + "' must be lower-case letters, digits and '-'");
            return null;
        }
        return name;
    }
}
