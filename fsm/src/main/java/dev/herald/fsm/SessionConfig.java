package dev.herald.fsm;

import dev.herald.codec.Family;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one BGP session needs to know about its peer and about us. Built with
 * {@link #builder()}, so that call sites name what they set.
 *
 * @param peerName            name used in logs and listener calls
 * @param remoteAddress       the peer's address; inbound connections are matched on it
 * @param remotePort          the peer's TCP port (179)
 * @param localAddress        address to bind outgoing connections to, or null for the kernel's choice
 * @param localAsn            our AS (1..4294967295)
 * @param remoteAsn           the AS the peer must announce in its OPEN
 * @param routerId            our BGP Identifier
 * @param holdTime            the hold time we propose: 0 or 3..65535 seconds
 * @param families            families we offer with the multiprotocol capability (not empty)
 * @param passive             never connect out; only wait for the peer to connect
 * @param connectRetryTime    ConnectRetryTime: the first retry delay and the connect timeout
 * @param connectRetryMaxTime cap of the exponential back-off (null: the larger of 5 minutes and connectRetryTime)
 * @param gracefulRestartTime restart time advertised in the graceful restart capability
 *                            (0..4095), or -1 to not advertise graceful restart
 * @param sendHoldTime        RFC 9687 SendHoldTime floor (null: 8 minutes); the timer used is the larger
 *                            of this and twice the negotiated hold time
 * @param tcpMd5Key           RFC 2385 TCP-MD5 key (1..80 bytes) for this peer's connections, or null for none;
 *                            never logged ({@link #toString()} hides it)
 * @param ttl                 IP TTL / IPv6 hop limit of the session's packets, 1..255, or 0 for the kernel's default
 * @param minTtl              GTSM (RFC 5082): packets from the peer with a lower TTL / hop limit are dropped by
 *                            the kernel (IP_MINTTL, IPV6_MINHOPCOUNT), 1..255, or 0 for no check
 * @param restarted           herald restarted within the restart time: set the graceful restart R bit in the OPEN
 *                            of the first session (RFC 4724 3), cleared once that session is Established
 * @param openHoldTime        the HoldTimer while waiting for the peer's OPEN (OpenSent, RFC 4271 8.2.2 "a large
 *                            value", 4 minutes suggested; null: 4 minutes): a peer that connects and never completes
 *                            its OPEN is dropped with NOTIFICATION 4/0 after it
 * @param interfaceName       unnumbered peering: the interface the peer is on, whose IPv6 link-local address
 *                            herald finds at connect time (remoteAddress is then null); null for an address peer
 * @param longLivedStaleTime  long-lived graceful restart (RFC 9494): the stale time in seconds (0..16777215)
 *                            advertised for every family, or -1 to not advertise it; needs graceful restart
 * @param extendedMessage     offer the extended message capability (RFC 8654): with the peer's, UPDATEs may be
 *                            up to 65535 bytes each way instead of 4096
 */
public record SessionConfig(String peerName, InetAddress remoteAddress, int remotePort, InetAddress localAddress,
                            long localAsn, long remoteAsn, Inet4Address routerId, int holdTime, Set<Family> families,
                            boolean passive, Duration connectRetryTime, Duration connectRetryMaxTime,
                            int gracefulRestartTime, Duration sendHoldTime, byte[] tcpMd5Key, int ttl, int minTtl,
                            boolean restarted, Duration openHoldTime, String interfaceName,
                            long longLivedStaleTime, boolean extendedMessage) {
    public static final int BGP_PORT = 179;
    /** RFC 4271 8.2.2: the HoldTimer in OpenSent is "a large value", 4 minutes suggested. */
    public static final Duration DEFAULT_OPEN_HOLD_TIME = Duration.ofMinutes(4);
    public static final int DEFAULT_GRACEFUL_RESTART_TIME = 120;
    public static final Duration DEFAULT_SEND_HOLD_TIME = Duration.ofMinutes(8);
    private static final Duration DEFAULT_RETRY_CAP = Duration.ofMinutes(5);
    /** Linux TCP_MD5SIG_MAXKEYLEN. */
    public static final int MAX_MD5_KEY = 80;
    /** RFC 9494: the long-lived stale time is 24 bits. */
    public static final long MAX_LONG_LIVED_STALE_TIME = 0xFF_FFFFL;

    public SessionConfig {
        if (peerName == null || peerName.isBlank()) {
            throw new IllegalArgumentException("peerName is required");
        }
        if ((remoteAddress == null) == (interfaceName == null || interfaceName.isBlank())) {
            throw new IllegalArgumentException("exactly one of remoteAddress and interfaceName is required");
        }
        if (interfaceName != null && tcpMd5Key != null) {
            throw new IllegalArgumentException("TCP-MD5 is not supported on an interface (unnumbered) peer");
        }
        Objects.requireNonNull(routerId, "routerId");
        if (remotePort < 1 || remotePort > 65535) {
            throw new IllegalArgumentException("remotePort out of range: " + remotePort);
        }
        checkAsn(localAsn, "localAsn");
        checkAsn(remoteAsn, "remoteAsn");
        if (Identifiers.toInt(routerId) == 0) {
            throw new IllegalArgumentException("routerId must not be 0.0.0.0");
        }
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new IllegalArgumentException("holdTime must be 0 or 3..65535: " + holdTime);
        }
        if (families == null || families.isEmpty()) {
            throw new IllegalArgumentException("at least one family is required");
        }
        // Ordered so the OPEN we send is the same byte for byte every time.
        Set<Family> ordered = new LinkedHashSet<>();
        Family.ALL.stream().filter(families::contains).forEach(ordered::add);
        ordered.addAll(families);
        families = Collections.unmodifiableSet(ordered);
        if (connectRetryTime == null || connectRetryTime.isNegative() || connectRetryTime.isZero()) {
            throw new IllegalArgumentException("connectRetryTime must be positive");
        }
        if (connectRetryMaxTime == null) {
            connectRetryMaxTime = connectRetryTime.compareTo(DEFAULT_RETRY_CAP) > 0 ? connectRetryTime : DEFAULT_RETRY_CAP;
        } else if (connectRetryMaxTime.compareTo(connectRetryTime) < 0) {
            throw new IllegalArgumentException("connectRetryMaxTime must not be below connectRetryTime");
        }
        if (gracefulRestartTime < -1 || gracefulRestartTime > 4095) {
            throw new IllegalArgumentException("gracefulRestartTime must be -1 or 0..4095: " + gracefulRestartTime);
        }
        if (sendHoldTime == null) {
            sendHoldTime = DEFAULT_SEND_HOLD_TIME;
        } else if (sendHoldTime.isNegative() || sendHoldTime.isZero()) {
            throw new IllegalArgumentException("sendHoldTime must be positive");
        }
        if (tcpMd5Key != null) {
            if (tcpMd5Key.length < 1 || tcpMd5Key.length > MAX_MD5_KEY) {
                throw new IllegalArgumentException("TCP-MD5 key must be 1.." + MAX_MD5_KEY + " bytes");
            }
            tcpMd5Key = tcpMd5Key.clone();
        }
        if (longLivedStaleTime < -1 || longLivedStaleTime > MAX_LONG_LIVED_STALE_TIME) {
            throw new IllegalArgumentException("longLivedStaleTime must be -1 or 0.." + MAX_LONG_LIVED_STALE_TIME);
        }
        if (longLivedStaleTime >= 0 && gracefulRestartTime < 0) {
            throw new IllegalArgumentException("long-lived graceful restart needs graceful restart (RFC 9494 4.1)");
        }
        if (ttl < 0 || ttl > 255 || minTtl < 0 || minTtl > 255) {
            throw new IllegalArgumentException("ttl and minTtl must be 0..255");
        }
        if (openHoldTime == null) {
            openHoldTime = DEFAULT_OPEN_HOLD_TIME;
        } else if (openHoldTime.isNegative() || openHoldTime.isZero()) {
            throw new IllegalArgumentException("openHoldTime must be positive");
        }
    }

    /** A builder with the defaults; see {@link SessionConfigBuilder}. */
    public static SessionConfigBuilder builder() {
        return new SessionConfigBuilder();
    }

    /** A builder holding this config's values, to change some of them. */
    public SessionConfigBuilder toBuilder() {
        return new SessionConfigBuilder(this);
    }

    /** A copy of the key (the record's accessor would hand out the array itself). */
    @Override
    public byte[] tcpMd5Key() {
        return tcpMd5Key == null ? null : tcpMd5Key.clone();
    }

    public boolean hasTcpMd5() {
        return tcpMd5Key != null;
    }

    /** A copy with the R bit changed. */
    public SessionConfig withRestarted(boolean r) {
        return toBuilder().restarted(r).build();
    }

    /** A copy with another open hold time. */
    public SessionConfig withOpenHoldTime(Duration d) {
        return toBuilder().openHoldTime(d).build();
    }

    /** A copy that offers, or does not offer, the extended message capability. */
    public SessionConfig withExtendedMessage(boolean offer) {
        return toBuilder().extendedMessage(offer).build();
    }

    /**
     * The TTL rules most routers use: GTSM ({@code ttlSecurityHops} > 0, RFC 5082) sends with 255 and
     * accepts at least 256 - hops; otherwise eBGP multihop sends with the configured hop count, a
     * directly connected eBGP peer gets TTL 1, and iBGP the kernel default.
     *
     * @return {ttl, minTtl}
     */
    public static int[] ttlPolicy(boolean internal, int ebgpMultihop, int ttlSecurityHops) {
        if (ttlSecurityHops > 0) {
            return new int[] {255, 256 - ttlSecurityHops};
        }
        if (ebgpMultihop > 0) {
            return new int[] {ebgpMultihop, 0};
        }
        return new int[] {internal ? 0 : 1, 0};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionConfig c && toString().equals(c.toString())
                && java.util.Arrays.equals(tcpMd5Key, c.tcpMd5Key);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SessionConfig[" + peerName + " " + remoteText() + ":" + remotePort + " local "
                + (localAddress == null ? "any" : localAddress.getHostAddress()) + " AS " + localAsn + "->" + remoteAsn
                + " id " + routerId.getHostAddress() + " hold " + holdTime + " " + families + (passive ? " passive" : "")
                + " retry " + connectRetryTime + ".." + connectRetryMaxTime + " gr " + gracefulRestartTime
                + (restarted ? " R" : "") + " send-hold " + sendHoldTime + (tcpMd5Key != null ? " tcp-md5" : "")
                + " ttl " + ttl + " min-ttl " + minTtl + " open-hold " + openHoldTime
                + (longLivedStaleTime >= 0 ? " llgr " + longLivedStaleTime : "")
                + (extendedMessage ? "" : " no-extended-message") + "]";
    }

    /** Unnumbered: the peer is whoever is on {@link #interfaceName()}. */
    public boolean unnumbered() {
        return interfaceName != null;
    }

    /** The peer's address, or {@code interface IFNAME} for an unnumbered peer. */
    public String remoteText() {
        return interfaceName != null ? "interface " + interfaceName : remoteAddress.getHostAddress();
    }

    /** Internal (iBGP) when both ends are in the same AS. */
    public boolean internal() {
        return localAsn == remoteAsn;
    }

    private static void checkAsn(long asn, String what) {
        if (asn < 1 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " out of range: " + asn);
        }
    }
}
