package dev.herald.fsm;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Shared test data: we are AS 65001 / 10.0.0.1, the peer AS 65002. */
final class Fixtures {
    static final long LOCAL_AS = 65001;
    static final long REMOTE_AS = 65002;
    static final Duration RETRY = Duration.ofSeconds(10);
    /** nextDouble() of a generator whose nextLong() is all ones is just below 1: jitter factor 1. */
    static final RandomGenerator NO_JITTER = () -> -1L;
    /** nextDouble() == 0: jitter factor 0.75, the shortest. */
    static final RandomGenerator MIN_JITTER = () -> 0L;

    private Fixtures() {
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static SessionConfig config(String routerId, long localAs, long remoteAs, boolean passive) {
        return SessionConfig.builder().peerName("peer1").remoteAddress(ip("127.0.0.2")).localAsn(localAs)
                .remoteAsn(remoteAs).routerId(ip(routerId)).holdTime(90)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)).passive(passive).connectRetryTime(RETRY)
                .connectRetryMaxTime(Duration.ofSeconds(60)).build();
    }

    static SessionConfig config() {
        return config("10.0.0.1", LOCAL_AS, REMOTE_AS, false);
    }

    /** A typical peer OPEN: both families, route refresh, extended next hop for IPv4, 4-octet AS. */
    static Open peerOpen(long asn, int hold, String id) {
        return Open.of(asn, hold, Identifiers.toInt(ip(id)), List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST),
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2))),
                new Capability.FourOctetAs(asn)));
    }

    static Open peerOpen() {
        return peerOpen(REMOTE_AS, 180, "10.0.0.2");
    }

    static Open peerOpenWith(long asn, int hold, String id, List<Capability> caps) {
        return Open.of(asn, hold, Identifiers.toInt(ip(id)), caps);
    }
}
