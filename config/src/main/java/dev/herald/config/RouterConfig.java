package dev.herald.config;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * This speaker's identity.
 *
 * @param asn      the local AS, 1..4294967295, never 23456
 * @param routerId the BGP Identifier
 * @param listen   where to accept sessions; empty means herald only connects out
 */
public record RouterConfig(long asn, Inet4Address routerId, Optional<ListenConfig> listen) {
    public RouterConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(listen, "listen");
    }
}
