package dev.herald.config;

import java.util.Arrays;

/**
 * A password (TCP-MD5 key) read from the config or from a file named there. Its text never shows
 * up in {@link #toString()}, so it cannot leak into logs, status or error messages by accident.
 */
public final class Secret {
    private final byte[] bytes;
    private final String origin;

    Secret(byte[] bytes, String origin) {
        this.bytes = bytes.clone();
        this.origin = origin;
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
