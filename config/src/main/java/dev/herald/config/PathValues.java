package dev.herald.config;

import java.nio.file.Path;

/** The path keys: files herald reads, named so that they do not depend on herald's working directory. */
final class PathValues {
    private PathValues() {
    }

    static Path absolute(YamlNode node, String key, Problems problems) {
        String text = Scalars.string(node, key, problems);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            problems.error(node.mark(), "'" + key + "' must be an absolute path, got '" + text + "'");
            return null;
        }
        return Path.of(text);
    }
}
