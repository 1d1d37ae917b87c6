package dev.herald.config;

import dev.herald.codec.Prefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sources.lxd} section: routes LXD wants (bridge and OVN networks, forwards, load
 * balancers, running instances' external routes).
 *
 * @param socket           LXD's (or Incus's) unix socket; empty: the first of LxdSource.DEFAULT_SOCKETS that exists
 * @param url              a remote LXD over HTTPS instead of the socket
 * @param clientCert       the client certificate (PEM) for {@code url}
 * @param clientKey        its key (PEM, PKCS#8)
 * @param serverCert       the remote server's certificate (PEM) to trust; empty: the JDK's trust store
 * @param projects         the projects to announce from; empty: all
 * @param natAddressRoutes announce a NATed bridge's {@code ipvN.nat.address} as a host route
 * @param ipv4NextHop      next hop override for IPv4 routes whose next hop is this host
 *                         (parsed; awaits per-route next hops in the RIB, issue "RIB policy")
 * @param ipv6NextHop      the same for IPv6
 * @param member           the cluster member name herald runs beside; empty: the server's own name
 * @param allowPrefixes    every route must be inside one of these (empty: no global limit)
 * @param allowProjects    per project allow-lists (replace {@code restricted.networks.subnets})
 * @param allowUplinks     per uplink allow-lists (replace the uplink's {@code ipvN.routes})
 */
public record LxdSourceConfig(Optional<Path> socket, Optional<URI> url, Optional<Path> clientCert, Optional<Path> clientKey,
        Optional<Path> serverCert, List<String> projects, boolean natAddressRoutes, Optional<Inet4Address> ipv4NextHop,
        Optional<Inet6Address> ipv6NextHop, Optional<String> member, List<Prefix> allowPrefixes,
        Map<String, List<Prefix>> allowProjects, Map<String, List<Prefix>> allowUplinks) {
    public LxdSourceConfig {
        projects = List.copyOf(projects);
        allowPrefixes = List.copyOf(allowPrefixes);
        allowProjects = copy(allowProjects);
        allowUplinks = copy(allowUplinks);
    }

    private static Map<String, List<Prefix>> copy(Map<String, List<Prefix>> m) {
        java.util.LinkedHashMap<String, List<Prefix>> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Every default: the local socket, all projects, no NAT address routes, no overrides, no extra allow-lists. */
    public static LxdSourceConfig defaults() {
        return new LxdSourceConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Map.of());
    }
}
