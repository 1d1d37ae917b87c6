package dev.herald.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Family;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
    private static SessionConfig with(int hold, Set<Family> families, Duration retry) {
        return new SessionConfig("p", Fixtures.ip("127.0.0.2"), 179, null, 65001, 65002, Fixtures.ip("10.0.0.1"),
                hold, families, false, retry);
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
    void rejectsWhatNoPeerWouldAccept() {
        assertThrows(IllegalArgumentException.class, () -> with(2, Set.of(Family.IPV4_UNICAST), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> with(90, Set.of(), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> with(90, Set.of(Family.IPV4_UNICAST), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig("p", Fixtures.ip("127.0.0.2"), 179, null,
                65001, 65002, Fixtures.ip("0.0.0.0"), 90, Set.of(Family.IPV4_UNICAST), false, Duration.ofSeconds(5)));
        assertTrue(with(0, Set.of(Family.IPV4_UNICAST), Duration.ofSeconds(5)).holdTime() == 0);
    }

    @Test
    void anInterfacePeerHasNoAddressAndNoTcpMd5() {
        SessionConfig c = new SessionConfig("u", null, 179, null, 65001, 65002, Fixtures.ip("10.0.0.1"), 90,
                Set.of(Family.IPV4_UNICAST), false, Duration.ofSeconds(5), null, 120, null, null, 1, 0, false, null, "eth1", -1, true);
        assertTrue(c.unnumbered());
        assertTrue(c.toString().contains("interface eth1:179"), c.toString());
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig("u", Fixtures.ip("127.0.0.2"), 179, null,
                65001, 65002, Fixtures.ip("10.0.0.1"), 90, Set.of(Family.IPV4_UNICAST), false, Duration.ofSeconds(5),
                null, 120, null, null, 1, 0, false, null, "eth1", -1, true), "address and interface both");
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig("u", null, 179, null, 65001, 65002,
                Fixtures.ip("10.0.0.1"), 90, Set.of(Family.IPV4_UNICAST), false, Duration.ofSeconds(5), null, 120, null,
                null, 1, 0, false, null, null, -1, true), "neither");
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig("u", null, 179, null, 65001, 65002,
                Fixtures.ip("10.0.0.1"), 90, Set.of(Family.IPV4_UNICAST), false, Duration.ofSeconds(5), null, 120, null,
                new byte[] {1}, 1, 0, false, null, "eth1", -1, true), "TCP-MD5 keys are per address");
    }
}
