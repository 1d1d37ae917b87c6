package dev.herald.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
    /** Every value a session must choose, for an address peer. */
    private static SessionConfigBuilder required() {
        return SessionConfig.builder().peerName("p").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("10.0.0.1")).holdTime(90).families(Set.of(Family.IPV4_UNICAST))
                .connectRetryTime(Duration.ofSeconds(5));
    }

    private static SessionConfig with(int hold, Set<Family> families, Duration retry) {
        return required().holdTime(hold).families(families).connectRetryTime(retry).build();
    }

    /** An unnumbered peer on eth1 with TTL 1. */
    private static SessionConfigBuilder onInterface() {
        return required().remoteAddress(null).interfaceName("eth1").ttl(1);
    }

    @Test
    void defaultsFollowTheRfcs() {
        SessionConfig c = with(90, Set.of(Family.IPV6_UNICAST, Family.IPV4_UNICAST), Duration.ofSeconds(5));
        assertEquals(Duration.ofMinutes(5), c.connectRetryMaxTime());
        assertEquals(120, c.gracefulRestartTime());
        assertEquals(Duration.ofMinutes(8), c.sendHoldTime());
        assertEquals(List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), List.copyOf(c.families()), "stable order");
        assertEquals(Duration.ofMinutes(10), with(90, Set.of(Family.IPV4_UNICAST), Duration.ofMinutes(10))
                .connectRetryMaxTime());
    }

    @Test
    void theBuilderStartsFromHeraldsDefaults() {
        SessionConfig c = required().build();
        assertEquals(SessionConfig.BGP_PORT, c.remotePort());
        assertNull(c.localAddress());
        assertFalse(c.passive());
        assertFalse(c.hasTcpMd5());
        assertEquals(0, c.ttl());
        assertEquals(0, c.minTtl());
        assertFalse(c.restarted());
        assertEquals(SessionConfig.DEFAULT_OPEN_HOLD_TIME, c.openHoldTime());
        assertFalse(c.unnumbered());
        assertEquals(-1, c.longLivedStaleTime());
        assertTrue(c.extendedMessage());
        assertEquals(c, c.toBuilder().build(), "toBuilder keeps every value");
    }

    @Test
    void theBuilderFailsWhenAValueEverySessionChoosesIsLeftOut() {
        assertThrows(IllegalArgumentException.class, () -> required().holdTime(-1).build(), "hold time");
        assertThrows(IllegalArgumentException.class, () -> required().localAsn(0).build(), "local AS");
        assertThrows(IllegalArgumentException.class, () -> required().remoteAsn(0).build(), "remote AS");
        assertThrows(NullPointerException.class, () -> required().routerId(null).build(), "router id");
        assertThrows(IllegalArgumentException.class, () -> required().families(Set.of()).build(), "families");
        assertThrows(IllegalArgumentException.class, () -> required().connectRetryTime(null).build(), "retry");
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder().build(), "nothing set");
    }

    @Test
    void rejectsWhatNoPeerWouldAccept() {
        assertThrows(IllegalArgumentException.class, () -> with(2, Set.of(Family.IPV4_UNICAST), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> with(90, Set.of(), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> with(90, Set.of(Family.IPV4_UNICAST), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> required().routerId(Fixtures.ip("0.0.0.0")).build());
        assertTrue(with(0, Set.of(Family.IPV4_UNICAST), Duration.ofSeconds(5)).holdTime() == 0);
    }

    @Test
    void anInterfacePeerHasNoAddressAndNoTcpMd5() {
        SessionConfig c = onInterface().build();
        assertTrue(c.unnumbered());
        assertTrue(c.toString().contains("interface eth1:179"), c.toString());
        assertThrows(IllegalArgumentException.class, () -> onInterface().remoteAddress(Fixtures.ip("127.0.0.2")).build(),
                "address and interface both");
        assertThrows(IllegalArgumentException.class, () -> onInterface().interfaceName(null).build(), "neither");
        assertThrows(IllegalArgumentException.class, () -> onInterface().tcpMd5Key(new byte[] {1}).build(),
                "TCP-MD5 keys are per address");
    }
}
