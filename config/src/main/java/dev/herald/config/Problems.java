package dev.herald.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors while reading so that one pass reports all of them. */
final class Problems {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void error(Mark at, String message) {
        errors.add(new ConfigError(file, at.line(), at.column(), message));
    }

    /** An error in another file the config names (a prefix file). */
    void error(String otherFile, Mark at, String message) {
        errors.add(new ConfigError(otherFile, at.line(), at.column(), message));
    }

    /**
     * Reports that the value of {@code key} at {@code node} is refused ({@code why}: "must be ...",
     * "is ...") and returns null, what a {@link ValueReader} gives for a value it refuses.
     */
    <T> T reject(YamlNode node, String key, String why) {
        error(node.mark(), "'" + key + "' " + why);
        return null;
    }

    /** Lets a reader tell whether anything it read failed, without threading flags around. */
    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order, so the output reads top to bottom; the sort is stable for equal positions. */
    List<ConfigError> sorted() {
        return errors.stream()
                .sorted(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column))
                .toList();
    }
}
