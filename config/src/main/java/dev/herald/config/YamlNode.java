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
    String describe();

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(Mark mark, ScalarType type, String text) implements YamlNode {
        @Override
        public String describe() {
            return switch (type) {
                case STRING -> text.isEmpty() ? "an empty value" : "the string '" + text + "'";
                case INTEGER -> "the integer " + text;
                case FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }

    record Entry(Mark keyMark, String key, YamlNode value) {
    }

    record Mapping(Mark mark, List<Entry> entries) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
