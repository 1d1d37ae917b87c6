package dev.herald.config;

import java.util.List;

/** Reads the {@code drain:} section. */
final class DrainReader {
    static final List<String> KEYS = List.of("prepend", "before-stop");

    private DrainReader() {
    }

    static DrainConfig read(YamlNode node, String key, Problems problems) {
        Section s = Section.open(node, "drain", node.mark(), problems, KEYS);
        if (s == null) {
            return null;
        }
        Long prepend = s.optional("prepend", (n, k, p) -> NumberValues.range(n, k, p, 0, 64, ""), 0L);
        Long beforeStop = s.optional("before-stop", (n, k, p) -> NumberValues.range(n, k, p, 0, 3600, " seconds"), 0L);
        return s.failed() ? null : new DrainConfig(prepend.intValue(), java.time.Duration.ofSeconds(beforeStop));
    }
}
