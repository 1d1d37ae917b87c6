package dev.herald.config;

import java.net.InetAddress;
import java.util.Objects;

/** The passive side's socket: address (often the wildcard) and TCP port. */
public record ListenConfig(InetAddress address, int port) {
    public static final int DEFAULT_PORT = 179;

    public ListenConfig {
        Objects.requireNonNull(address, "address");
    }
}
