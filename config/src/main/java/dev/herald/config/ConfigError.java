package dev.herald.config;

import java.util.Objects;

/**
 * One problem in a configuration file. Line and column are 1-based; both are 0 for a problem
 * with the file as a whole (it cannot be read), which has no position to point at.
 */
public record ConfigError(String file, int line, int column, String message) {
    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COLUMN: message}, the format editors and CI logs turn into links. */
    @Override
    public String toString() {
        if (line == 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }
}
