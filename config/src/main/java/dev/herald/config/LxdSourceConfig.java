package dev.herald.config;

import dev.herald.sources.lxd.LxdSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sources.lxd} section: where LXD is, and the LXD source's own settings (what it
 * announces, beyond what LXD says), which the source takes as they are.
 *
 * @param socket     LXD's (or Incus's) unix socket; empty: the first of LxdSource.DEFAULT_SOCKETS that exists
 * @param url        a remote LXD over HTTPS instead of the socket
 * @param clientCert the client certificate (PEM) for {@code url}
 * @param clientKey  its key (PEM, PKCS#8)
 * @param serverCert the remote server's certificate (PEM) to trust; empty: the JDK's trust store
 * @param settings   {@code projects}, {@code nat-address-routes}, {@code next-hop}, {@code member}, {@code allow}
 */
public record LxdSourceConfig(Optional<Path> socket, Optional<URI> url, Optional<Path> clientCert, Optional<Path> clientKey,
        Optional<Path> serverCert, LxdSettings settings) {
    public LxdSourceConfig {
        Objects.requireNonNull(settings, "settings");
    }

    /** Every default: the local socket, all projects, no NAT address routes, no overrides, no extra allow-lists. */
    public static LxdSourceConfig defaults() {
        return new LxdSourceConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                LxdSettings.defaults());
    }
}
