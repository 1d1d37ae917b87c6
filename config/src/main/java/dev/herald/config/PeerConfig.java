package dev.herald.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedSet;

import dev.herald.codec.Family;

/**
 * One BGP neighbour.
 *
 * @param name         unique, for logs and metrics
 * @param address      the neighbour's address; unique among peers
 * @param port         the neighbour's TCP port when connecting out
 * @param localAddress source address for the session; same family as address
 * @param families     families to negotiate, in the order written
 * @param nextHopIpv4  next hop announced for ipv4-unicast; empty means the session's own address
 * @param nextHopIpv6  next hop announced for ipv6-unicast; empty means the session's own address
 * @param holdTime     seconds proposed in OPEN; 0 or 3..65535
 * @param passive      wait for the neighbour to connect instead of connecting out
 */
public record PeerConfig(
        String name,
        InetAddress address,
        long asn,
        int port,
        Optional<InetAddress> localAddress,
        SequencedSet<Family> families,
        Optional<Inet4Address> nextHopIpv4,
        Optional<Inet6Address> nextHopIpv6,
        int holdTime,
        boolean passive) {
    public static final int DEFAULT_PORT = 179;
    public static final int DEFAULT_HOLD_TIME = 90;

    public PeerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(nextHopIpv4, "nextHopIpv4");
        Objects.requireNonNull(nextHopIpv6, "nextHopIpv6");
        families = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(families));
    }
}
