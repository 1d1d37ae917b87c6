package dev.herald.config;

import java.util.List;

/**
 * The parsed YAML document. Jackson's own tree drops positions, and every error message needs
 * one, so the reader builds this small tree instead.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {
    /** Where the node starts. */
    Mark mark();

    /** For "must be X, got Y" messages. */
    default String describe() {
        return switch (this) {
            case Scalar s -> switch (s.type()) {
                case STRING -> s.text().isEmpty() ? "an empty value" : "the string '" + s.text() + "'";
                case INTEGER -> "the integer " + s.text();
                case FLOAT -> "the number " + s.text();
                case BOOLEAN -> "the boolean " + s.text();
                case NULL -> "null";
            };
            case Mapping m -> "a mapping";
            case Sequence q -> "a list";
        };
    }

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(Mark mark, ScalarType type, String text) implements YamlNode {
    }

    record Entry(Mark keyMark, String key, YamlNode value) {
    }

    record Mapping(Mark mark, List<Entry> entries) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }
    }

    record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }
}
