package dev.herald.interop.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A router's BFD session stayed Up: FRR's down counter exactly, BIRD's "Since" up to its jitter. */
class RouterBfdSessionTest {
    private static RouterBfdSession marker(String m) {
        return new RouterBfdSession(InetAddress.getLoopbackAddress(), false, true, OptionalLong.empty(), 600, m);
    }

    @Test
    void frrCountsDownEvents() {
        assertTrue(marker("down-events=0").sameUpPeriodAs(marker("down-events=0")));
        assertFalse(marker("down-events=1").sameUpPeriodAs(marker("down-events=0")));
    }

    @Test
    void birdsSinceMayWanderByAMillisecondButNotByAFlap() {
        assertTrue(marker("since=21:54:53.316").sameUpPeriodAs(marker("since=21:54:53.317")), "CI's reading");
        assertTrue(marker("since=00:00:00.001").sameUpPeriodAs(marker("since=23:59:59.999")), "across midnight");
        assertFalse(marker("since=21:54:55.100").sameUpPeriodAs(marker("since=21:54:53.317")), "Down and Up 2 s later");
        assertFalse(marker("since=garbage").sameUpPeriodAs(marker("since=21:54:53.317")));
    }
}
