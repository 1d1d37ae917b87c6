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
 * Everything one BGP session needs to know about its peer and about us.
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
 */
public record SessionConfig(String peerName, InetAddress remoteAddress, int remotePort, InetAddress localAddress,
                            long localAsn, long remoteAsn, Inet4Address routerId, int holdTime, Set<Family> families,
                            boolean passive, Duration connectRetryTime, Duration connectRetryMaxTime,
                            int gracefulRestartTime, Duration sendHoldTime) {
    public static final int BGP_PORT = 179;
    public static final int DEFAULT_GRACEFUL_RESTART_TIME = 120;
    public static final Duration DEFAULT_SEND_HOLD_TIME = Duration.ofMinutes(8);
    private static final Duration DEFAULT_RETRY_CAP = Duration.ofMinutes(5);

    public SessionConfig {
        if (peerName == null || peerName.isBlank()) {
            throw new IllegalArgumentException("peerName is required");
        }
        Objects.requireNonNull(remoteAddress, "remoteAddress");
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
    }

    /** The usual form: retry cap, graceful restart time and send hold time take their defaults. */
    public SessionConfig(String peerName, InetAddress remoteAddress, int remotePort, InetAddress localAddress,
                         long localAsn, long remoteAsn, Inet4Address routerId, int holdTime, Set<Family> families,
                         boolean passive, Duration connectRetryTime) {
        this(peerName, remoteAddress, remotePort, localAddress, localAsn, remoteAsn, routerId, holdTime, families,
                passive, connectRetryTime, null, DEFAULT_GRACEFUL_RESTART_TIME, null);
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
