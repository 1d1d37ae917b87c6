package dev.herald.rib;

import dev.herald.codec.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a source says about a route besides its prefix. Many prefixes share one set of facts (all
 * prefixes of one static file, of one kernel table and metric, of one LXD network), so the RIB
 * interns them and keeps one reference per prefix: that is what keeps a million prefixes small.
 *
 * @param source      the source's name ("static", "kernel", "lxd", "ovn"): precedence and matching
 * @param origin      the object that produced the route, for provenance (for example
 *                    {@code lxd network default/lxdbr0 subnet}); never used for decisions
 * @param priority    lower is preferred among candidates of sources of equal precedence (a kernel
 *                    metric, OVN's locality); also what {@code med: priority} sends
 * @param nextHopIpv4 the source's next hop for IPv4 routes, if it knows one (else herald's own)
 * @param nextHopIpv6 the source's next hop for IPv6 routes, if it knows one
 * @param med         a MED the source asks for (kernel {@code metric-as-med}); a policy's {@code med} wins
 * @param tags        key/value facts for matching in export policy (project, network, instance, table)
 */
public record RouteFacts(String source, String origin, long priority, Optional<InetAddress> nextHopIpv4,
                         Optional<InetAddress> nextHopIpv6, OptionalLong med, Map<String, String> tags) {
    public RouteFacts {
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("source is required");
        }
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(nextHopIpv4, "nextHopIpv4");
        Objects.requireNonNull(nextHopIpv6, "nextHopIpv6");
        Objects.requireNonNull(med, "med");
        if (nextHopIpv4.isPresent() && !(nextHopIpv4.get() instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 next hop hint " + nextHopIpv4.get().getHostAddress() + " is not IPv4");
        }
        if (nextHopIpv6.isPresent() && (nextHopIpv6.get().getAddress().length != 16
                || InetAddresses.isIpv4Mapped(nextHopIpv6.get().getAddress()))) {
            throw new IllegalArgumentException("IPv6 next hop hint " + nextHopIpv6.get().getHostAddress() + " is not IPv6");
        }
        tags = tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** Only the source: no hints, priority 0, no tags. */
    public static RouteFacts of(String source) {
        return new RouteFacts(source, source, 0, Optional.empty(), Optional.empty(), OptionalLong.empty(), Map.of());
    }

    public RouteFacts withOrigin(String o) {
        return new RouteFacts(source, o, priority, nextHopIpv4, nextHopIpv6, med, tags);
    }

    public RouteFacts withPriority(long p) {
        return new RouteFacts(source, origin, p, nextHopIpv4, nextHopIpv6, med, tags);
    }

    /** Sets the hint of the address's own family; null leaves the facts as they are. */
    public RouteFacts withNextHop(InetAddress a) {
        if (a == null) {
            return this;
        }
        return a instanceof Inet4Address
                ? new RouteFacts(source, origin, priority, Optional.of(a), nextHopIpv6, med, tags)
                : new RouteFacts(source, origin, priority, nextHopIpv4, Optional.of(a), med, tags);
    }

    public RouteFacts withMed(long m) {
        return new RouteFacts(source, origin, priority, nextHopIpv4, nextHopIpv6, OptionalLong.of(m), tags);
    }

    public RouteFacts withTags(Map<String, String> t) {
        return new RouteFacts(source, origin, priority, nextHopIpv4, nextHopIpv6, med, t);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (!origin.equals(source)) {
            sb.append(" (").append(origin).append(')');
        }
        if (priority != 0) {
            sb.append(" priority ").append(priority);
        }
        nextHopIpv4.ifPresent(a -> sb.append(" next-hop ").append(a.getHostAddress()));
        nextHopIpv6.ifPresent(a -> sb.append(" next-hop ").append(InetAddresses.toText(a)));
        med.ifPresent(m -> sb.append(" med ").append(m));
        if (!tags.isEmpty()) {
            sb.append(" tags ").append(tags);
        }
        return sb.toString();
    }
}
