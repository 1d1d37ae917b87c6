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
 * @param address      the neighbour's address; unique among peers; null for an interface (unnumbered) peer
 * @param port         the neighbour's TCP port when connecting out
 * @param localAddress source address for the session; same family as address
 * @param families     families to negotiate, in the order written
 * @param nextHopIpv4  next hop announced for ipv4-unicast; empty means the session's own address
 * @param nextHopIpv6  next hop announced for ipv6-unicast; empty means the session's own address
 * @param holdTime     seconds proposed in OPEN; 0 or 3..65535
 * @param passive      wait for the neighbour to connect instead of connecting out
 * @param password     TCP-MD5 (RFC 2385) key from {@code password} or {@code password-file}
 * @param ebgpMultihop TTL for an eBGP neighbour that is not directly connected, 1..255; 0 = not set (TTL 1)
 * @param ttlSecurity  GTSM (RFC 5082): the neighbour is at most this many hops away, 1..254; 0 = off
 * @param connectRetry first connect-retry delay in seconds; later ones double (with jitter) up to connectRetryMax
 * @param connectRetryMax cap of the connect-retry back-off, in seconds
 * @param gracefulRestartTime restart time advertised (RFC 4724), 0..4095 s, or -1: no graceful restart capability
 * @param sendHoldTime RFC 9687 send hold time floor in seconds (the timer is the larger of this and twice the hold time)
 * @param export       what this peer is sent (export policy)
 * @param openHoldTime seconds herald waits for the neighbour's OPEN (and, when the hold time is 0, its first
 *                     KEEPALIVE) on a new connection before NOTIFICATION 4/0; RFC 4271 8.2.2 suggests 240
 * @param interfaceName unnumbered peering: the interface whose IPv6 link-local neighbour is the peer
 *                     (exactly one of address and interfaceName is set)
 * @param longLivedStaleTime long-lived graceful restart (RFC 9494) stale time for every family, 0..16777215 s,
 *                     or -1: not advertised
 * @param extendedMessage offer the extended message capability (RFC 8654): UPDATEs up to 65535 bytes when the
 *                     neighbour offers it too
 * @param bfd          BFD for this peer (RFC 5880); {@link BfdConfig#OFF} when not configured
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
        boolean passive,
        Optional<Secret> password,
        int ebgpMultihop,
        int ttlSecurity,
        int connectRetry,
        int connectRetryMax,
        int gracefulRestartTime,
        int sendHoldTime,
        ExportPolicyConfig export,
        int openHoldTime,
        Optional<String> interfaceName,
        long longLivedStaleTime,
        boolean extendedMessage,
        BfdConfig bfd) {
    public static final int DEFAULT_PORT = 179;
    public static final int DEFAULT_OPEN_HOLD_TIME = 240;
    public static final int DEFAULT_HOLD_TIME = 90;
    public static final int DEFAULT_CONNECT_RETRY = 5;
    public static final int DEFAULT_CONNECT_RETRY_MAX = 300;
    public static final int DEFAULT_GRACEFUL_RESTART_TIME = 120;
    public static final int DEFAULT_SEND_HOLD_TIME = 480;

    /** The session options before issue 4: no password, default TTL rules, timers and graceful restart. */
    public PeerConfig(String name, InetAddress address, long asn, int port, Optional<InetAddress> localAddress,
                      SequencedSet<Family> families, Optional<Inet4Address> nextHopIpv4,
                      Optional<Inet6Address> nextHopIpv6, int holdTime, boolean passive) {
        this(name, address, asn, port, localAddress, families, nextHopIpv4, nextHopIpv6, holdTime, passive,
                Optional.empty(), 0, 0, DEFAULT_CONNECT_RETRY, DEFAULT_CONNECT_RETRY_MAX,
                DEFAULT_GRACEFUL_RESTART_TIME, DEFAULT_SEND_HOLD_TIME);
    }

    /** The session options of issue 4, exporting everything with the default policy. */
    public PeerConfig(String name, InetAddress address, long asn, int port, Optional<InetAddress> localAddress,
                      SequencedSet<Family> families, Optional<Inet4Address> nextHopIpv4,
                      Optional<Inet6Address> nextHopIpv6, int holdTime, boolean passive, Optional<Secret> password,
                      int ebgpMultihop, int ttlSecurity, int connectRetry, int connectRetryMax,
                      int gracefulRestartTime, int sendHoldTime) {
        this(name, address, asn, port, localAddress, families, nextHopIpv4, nextHopIpv6, holdTime, passive, password,
                ebgpMultihop, ttlSecurity, connectRetry, connectRetryMax, gracefulRestartTime, sendHoldTime,
                ExportPolicyConfig.DEFAULT, DEFAULT_OPEN_HOLD_TIME, Optional.empty(), -1, true);
    }

    /** Every option before BFD (issue 19): no BFD session. */
    public PeerConfig(String name, InetAddress address, long asn, int port, Optional<InetAddress> localAddress,
                      SequencedSet<Family> families, Optional<Inet4Address> nextHopIpv4,
                      Optional<Inet6Address> nextHopIpv6, int holdTime, boolean passive, Optional<Secret> password,
                      int ebgpMultihop, int ttlSecurity, int connectRetry, int connectRetryMax,
                      int gracefulRestartTime, int sendHoldTime, ExportPolicyConfig export, int openHoldTime,
                      Optional<String> interfaceName, long longLivedStaleTime, boolean extendedMessage) {
        this(name, address, asn, port, localAddress, families, nextHopIpv4, nextHopIpv6, holdTime, passive, password,
                ebgpMultihop, ttlSecurity, connectRetry, connectRetryMax, gracefulRestartTime, sendHoldTime, export,
                openHoldTime, interfaceName, longLivedStaleTime, extendedMessage, BfdConfig.OFF);
    }

    public PeerConfig {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if ((address == null) == interfaceName.isEmpty()) {
            throw new IllegalArgumentException("exactly one of address and interfaceName is required");
        }
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(nextHopIpv4, "nextHopIpv4");
        Objects.requireNonNull(nextHopIpv6, "nextHopIpv6");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(bfd, "bfd");
        families = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(families));
    }

    /** The same peer with another export policy. */
    public PeerConfig withExport(ExportPolicyConfig e) {
        return new PeerConfig(name, address, asn, port, localAddress, families, nextHopIpv4, nextHopIpv6, holdTime,
                passive, password, ebgpMultihop, ttlSecurity, connectRetry, connectRetryMax, gracefulRestartTime,
                sendHoldTime, e, openHoldTime, interfaceName, longLivedStaleTime, extendedMessage, bfd);
    }

    /** The same peer with other BFD settings (a reload applies them without a BGP reset). */
    public PeerConfig withBfd(BfdConfig b) {
        return new PeerConfig(name, address, asn, port, localAddress, families, nextHopIpv4, nextHopIpv6, holdTime,
                passive, password, ebgpMultihop, ttlSecurity, connectRetry, connectRetryMax, gracefulRestartTime,
                sendHoldTime, export, openHoldTime, interfaceName, longLivedStaleTime, extendedMessage, b);
    }

    /** The neighbour as people write it: its address, or {@code interface IFNAME}. */
    public String remoteText() {
        return address != null ? dev.herald.codec.InetAddresses.toText(address) : "interface " + interfaceName.get();
    }
}
