package dev.herald.interop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BirdPeerStatsTest {
    /** BIRD 2.17.6 helping a killed neighbour (trimmed). */
    static final String HELPING = """
            Name       Proto      Table      State  Since         Info
            peer1      BGP        ---        start  17:55:27.243  Active        Socket: Connection refused
              BGP state:          Active
                Neighbor address: 198.18.250.2
                Neighbor graceful restart active
                Restart timer:    118.773/-
              Channel ipv4
                State:          START
                Routes:         1000000 imported, 0 exported, 1000000 preferred
                Route change stats:     received   rejected   filtered    ignored   accepted
                  Import updates:        1000000          0          0          0    1000000
                  Import withdraws:            3          0        ---          0          0
              Channel ipv6
                State:          START
                Routes:         250000 imported, 0 exported, 250000 preferred
                Route change stats:     received   rejected   filtered    ignored   accepted
                  Import updates:         250000          0          0          0     250000
                  Import withdraws:            2          0        ---          0          0
            """;

    @Test
    void sumsBothChannelsAndSeesTheRestart() {
        BirdPeerStats s = BirdPeerStats.parse(HELPING);
        assertEquals("Active", s.state());
        assertTrue(s.helping());
        assertFalse(s.established());
        assertEquals(1_250_000, s.imported());
        assertEquals(5, s.withdrawsSeen());
    }

    @Test
    void establishedWithoutRestart() {
        BirdPeerStats s = BirdPeerStats.parse(HELPING.replace("Active", "Established").replace("    Neighbor graceful restart active\n", ""));
        assertTrue(s.established());
        assertFalse(s.helping());
    }

    @Test
    void receivedCountsAnnouncementsAndWithdrawalsOfEveryChannel() {
        assertEquals(1_000_000 + 3 + 250_000 + 2, BirdPeerStats.received(HELPING));
    }
}
