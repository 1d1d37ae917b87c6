package dev.herald.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;

/** Streams YAML into a {@link YamlNode} tree that keeps the line and column of every key and value. */
final class YamlReader {
    // Replaying anchors lets a file share settings between peers with &name / *name; a replayed
    // value reports the position where the anchor was defined.
    private static final YAMLAnchorReplayingFactory FACTORY = YAMLAnchorReplayingFactory.builder().build();
    private static final Pattern SNAKE_MARK = Pattern.compile("line (\\d+), column (\\d+)");

    private final Problems problems;

    private YamlReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root, or null when there is nothing usable (the reason is in problems). */
    static YamlNode read(String text, Problems problems) {
        return new YamlReader(problems).document(text);
    }

    private YamlNode document(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.error(Mark.START, "the file is empty; expected a mapping with 'router' and 'peers'");
                return null;
            }
            YamlNode root = value(p, first);
            if (p.nextToken() != null) {
                problems.error(mark(p.currentTokenLocation()),
                        "a second YAML document starts here; herald reads one document per file");
            }
            return root;
        } catch (JacksonException e) {
            problems.error(syntaxMark(e), "YAML syntax error: " + syntaxMessage(e));
            return null;
        }
    }

    private YamlNode value(JsonParser p, JsonToken token) {
        Mark at = mark(p.currentTokenLocation());
        return switch (token) {
            case START_OBJECT -> mapping(p, at);
            case START_ARRAY -> sequence(p, at);
            case VALUE_STRING -> new YamlNode.Scalar(at, YamlNode.ScalarType.STRING, p.getString());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(at, YamlNode.ScalarType.INTEGER, p.getString());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(at, YamlNode.ScalarType.FLOAT, p.getString());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(at, YamlNode.ScalarType.BOOLEAN, p.getString());
            case VALUE_NULL -> new YamlNode.Scalar(at, YamlNode.ScalarType.NULL, "null");
            // !!binary and other tags Jackson turns into objects: nothing in herald's config takes them.
            default -> new YamlNode.Scalar(at, YamlNode.ScalarType.STRING, String.valueOf(p.getString()));
        };
    }

    private YamlNode mapping(JsonParser p, Mark at) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Mark> seen = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT && t != null; t = p.nextToken()) {
            String key = p.currentName();
            Mark keyMark = mark(p.currentTokenLocation());
            YamlNode v = value(p, p.nextToken());
            Mark first = seen.putIfAbsent(key, keyMark);
            if (first != null) {
                problems.error(keyMark, "duplicate key '" + key + "' (first set at " + first + ")");
            } else {
                entries.add(new YamlNode.Entry(keyMark, key, v));
            }
        }
        return new YamlNode.Mapping(at, entries);
    }

    private YamlNode sequence(JsonParser p, Mark at) {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            items.add(value(p, t));
        }
        return new YamlNode.Sequence(at, items);
    }

    private static Mark mark(TokenStreamLocation loc) {
        if (loc == null) {
            return Mark.START;
        }
        return new Mark(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    /**
     * Jackson's own location is where its reader stopped, which for some errors is the end of
     * the previous line; the last mark in SnakeYAML's message is the offending character.
     */
    private static Mark syntaxMark(JacksonException e) {
        String original = e.getOriginalMessage();
        Mark last = null;
        if (original != null) {
            Matcher m = SNAKE_MARK.matcher(original);
            while (m.find()) {
                last = new Mark(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        return last != null ? last : mark(e.getLocation());
    }

    /**
     * SnakeYAML's message repeats the position and quotes the source with a caret; the position
     * is already in the error's prefix, so keep only the sentences.
     */
    static String syntaxMessage(JacksonException e) {
        String original = e.getOriginalMessage();
        if (original == null) {
            return e.getClass().getSimpleName();
        }
        if (original.startsWith("invalid alias: ")) {
            String name = original.substring("invalid alias: ".length()).strip();
            return "alias *" + name + " has no anchor &" + name + " before it";
        }
        List<String> parts = new ArrayList<>();
        for (String line : original.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || line.startsWith(" ") || s.startsWith("in reader")) {
                continue;
            }
            parts.add(s);
        }
        return parts.isEmpty() ? original.strip() : String.join(": ", parts);
    }
}
