package dev.herald.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The local admin API ({@code admin:}): JSON over HTTP/1.1 on a unix socket, for {@code herald
 * status}, {@code peers}, {@code routes}, {@code reload}, {@code shutdown} and {@code peer}.
 *
 * @param socket the socket's path; its directory is created if missing
 * @param group  the group that owns the socket (mode 0660), so its members may use the CLI; empty
 *               keeps herald's own group
 */
public record AdminConfig(Path socket, Optional<String> group) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/herald/herald.sock");
    public static final AdminConfig DEFAULT = new AdminConfig(DEFAULT_SOCKET, Optional.empty());

    public AdminConfig {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(group, "group");
    }
}
