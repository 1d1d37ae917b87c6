package dev.herald.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping read as one part of the config. Unknown keys are reported when the section
 * is opened, so a typo is flagged even if the section is otherwise broken.
 */
final class Section {
    private final String name;
    private final Mark anchor;
    private final Problems problems;
    private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    /** Problems reported before the section was opened: any more mean something in it was wrong. */
    private final int problemsBefore;

    private Section(String name, Mark anchor, Problems problems) {
        this.name = name;
        this.anchor = anchor;
        this.problems = problems;
        this.problemsBefore = problems.count(); // before open() reports unknown keys
    }

    /**
     * Opens a section whose key may also be written with no value ({@code kernel:} alone, or
     * {@code kernel: ""}): that reads as an empty mapping, so every key takes its default.
     */
    static Section openOrBare(YamlNode node, String name, Problems problems, List<String> keys) {
        boolean bare = node instanceof YamlNode.Scalar sc
                && (sc.type() == YamlNode.ScalarType.NULL || sc.text().isEmpty());
        return open(bare ? new YamlNode.Mapping(node.mark(), List.of()) : node, name, node.mark(), problems, keys);
    }

    /**
     * Opens node as a section; null (with an error) when it is not a mapping.
     *
     * @param name   how messages refer to the section, for example "router" or "peer"
     * @param anchor where "missing key" errors point: the key that holds the section, or the
     *               section's own start for list items
     */
    static Section open(YamlNode node, String name, Mark anchor, Problems problems, List<String> keys) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.error(node.mark(), "'" + name + "' must be a mapping, got " + node.describe());
            return null;
        }
        Section s = new Section(name, anchor, problems);
        for (YamlNode.Entry e : m.entries()) {
            if (keys.contains(e.key())) {
                s.entries.put(e.key(), e);
            } else {
                problems.error(e.keyMark(), unknownKey(e.key(), name, keys));
            }
        }
        return s;
    }

    private static String unknownKey(String key, String section, List<String> keys) {
        String hint = KeySuggester.closest(key, keys);
        String where = "unknown key '" + key + "' in " + section;
        return hint != null
                ? where + "; did you mean '" + hint + "'?"
                : where + "; expected one of: " + String.join(", ", keys);
    }

    /**
     * Whether anything was reported since the section was opened (an unknown key, a bad value,
     * or an error a nested reader reported): a reader then returns null rather than half a config.
     */
    boolean failed() {
        return problems.count() != problemsBefore;
    }

    /**
     * The mapping under {@code key} opened as section {@code name}, its missing keys reported at
     * {@code key}; null when the key is absent or (reported) not a mapping.
     */
    Section nested(String key, String name, List<String> keys) {
        YamlNode n = node(key);
        return n == null ? null : open(n, name, keyMark(key), problems, keys);
    }

    /** The raw node, or null when the key is absent. */
    YamlNode node(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** Where the key itself is written, or the section's anchor when it is absent. */
    Mark keyMark(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? anchor : e.keyMark();
    }

    /** The value, or null when it is missing (reported at the section's anchor) or invalid. */
    <T> T required(String key, ValueReader<T> reader) {
        YamlNode n = node(key);
        if (n == null) {
            problems.error(anchor, "missing required key '" + key + "' in " + name);
            return null;
        }
        return reader.read(n, key, problems);
    }

    /** The value, the default when the key is absent, or null when it is invalid. */
    <T> T optional(String key, ValueReader<T> reader, T defaultValue) {
        YamlNode n = node(key);
        return n == null ? defaultValue : reader.read(n, key, problems);
    }
}
