package dev.herald.config;

import java.util.Arrays;

/**
 * A password (TCP-MD5 key) read from the config or from a file named there. Its text never shows
 * up in {@link #toString()}, so it cannot leak into logs, status or error messages by accident.
 */
public final class Secret {
    private final byte[] bytes;
    private final String origin;
    private final java.nio.file.Path file;

    Secret(byte[] bytes, String origin) {
        this(bytes, origin, null);
    }

    /** @param file the password-file it was read from, or null when written in the config itself */
    Secret(byte[] bytes, String origin, java.nio.file.Path file) {
        this.bytes = bytes.clone();
        this.origin = origin;
        this.file = file;
    }

    /** The password-file it was read from; empty when the password is written in the config itself. */
    public java.util.Optional<java.nio.file.Path> file() {
        return java.util.Optional.ofNullable(file);
    }

    /** A copy of the key bytes (UTF-8 of the password). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Where it came from, for logs: "password" or "password-file /etc/herald/tor1.key". */
    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Secret[" + origin + "]";
    }
}
