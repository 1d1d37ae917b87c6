package dev.herald.fsm.transport;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import dev.herald.fsm.Identifiers;
import dev.herald.fsm.SessionConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

final class TransportFixtures {
    static final InetAddress LO = addr("127.0.0.1");

    private TransportFixtures() {
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static SessionConfig config(String name, InetAddress remote, int remotePort, long localAs, long remoteAs,
                                String routerId, boolean passive, int hold) {
        return SessionConfig.builder().peerName(name).remoteAddress(remote).remotePort(remotePort).localAddress(LO)
                .localAsn(localAs).remoteAsn(remoteAs).routerId((Inet4Address) addr(routerId)).holdTime(hold)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)).passive(passive)
                .connectRetryTime(Duration.ofMillis(500)).connectRetryMaxTime(Duration.ofSeconds(2)).build();
    }

    /** What a modern router would send. */
    /** Speaker b of the two-speaker pair on loopback: passive, AS 65002, waiting for a (AS 65001). */
    static SessionConfig passiveToA() {
        return config("to-a", LO, 179, 65002, 65001, "10.0.0.2", true, 30);
    }

    /** Speaker a of the pair: active, AS 65001, connecting to b's listening {@code bPort}. */
    static SessionConfig activeToB(int bPort) {
        return config("to-b", LO, bPort, 65001, 65002, "10.0.0.1", false, 30);
    }

    static Open open(long asn, int hold, String routerId) {
        return Open.of(asn, hold, Identifiers.toInt((Inet4Address) addr(routerId)), List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST),
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(1, 1, 2))),
                new Capability.FourOctetAs(asn)));
    }

    static <T> T await(java.util.function.Supplier<T> value, java.util.function.Predicate<T> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        T v = value.get();
        while (!until.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = value.get();
        }
        return v;
    }
}
