package dev.herald.interop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code birdc show protocols all} as BIRD 2.17.6 prints it, reduced to states and import counts. */
class BirdProtocolsTest {
    static final String TEXT = """
            BIRD 2.17.6 ready.
            Name       Proto      Table      State  Since         Info
            device1    Device     ---        up     18:12:44.240 \s

            routes4    Static     master4    up     18:12:44.240 \s
              Channel ipv4
                State:          UP
                Table:          master4
                Routes:         3 imported, 0 exported, 3 preferred

            peer1      BGP        ---        up     18:12:50.125  Established  \s
              BGP state:          Established
                Neighbor address: 198.19.2.1
                Neighbor AS:      65010
              Channel ipv4
                State:          UP
                Routes:         100000 imported, 0 exported, 100000 preferred

            peer2      BGP        ---        start  18:12:44.240  Active       \s
              BGP state:          Active
                Neighbor address: 198.19.2.2
              Channel ipv4
                State:          DOWN

            peer3      BGP        ---        up     18:12:49.900  Established  \s
              BGP state:          Established
              Channel ipv4
                Routes:         7 imported, 2 filtered, 0 exported, 0 preferred
            """;

    @Test
    void statesAndImportedRoutesPerProtocol() {
        List<BirdProtocols.Protocol> p = BirdProtocols.parse(TEXT);
        assertEquals(List.of("device1", "routes4", "peer1", "peer2", "peer3"), p.stream().map(BirdProtocols.Protocol::name).toList());
        assertFalse(p.get(1).bgp());
        assertEquals(3, p.get(1).imported());
        assertTrue(p.get(2).established());
        assertEquals(100_000, p.get(2).imported());
        assertFalse(p.get(3).established());
        assertEquals(0, p.get(3).imported());
        assertEquals(7, p.get(4).imported());
    }

    @Test
    void firstEstablishedIsTheEarliestUpBgpProtocol() {
        long expected = LocalDate.now().atTime(LocalTime.parse("18:12:49.900")).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        assertEquals(expected, CompareFanoutBenchmark.firstEstablished(TEXT));
    }
}
