package dev.herald.bgpd.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.bgpd.daemon.PeerView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    private static PeerView peer(String name, String state) {
        return new PeerView(name, "192.0.2.9", 179, 65001, false, state, false, null, "", "", 0, "", 0, 0, "",
                List.of(), List.of(), Map.of(), Map.of(), Map.of(), null, 0, 0);
    }

    @Test
    void countsEstablishedPeersAndPrefixes() {
        assertEquals("3/4 peers established, 1234 prefixes (sources: static, kernel)", StatusLine.of(
                List.of(peer("a", "Established"), peer("b", "Active"), peer("c", "Established"), peer("d", "Established")),
                1234, List.of("static", "kernel")));
    }

    @Test
    void singularAndNoSources() {
        assertEquals("0/1 peers established, 1 prefix", StatusLine.of(List.of(peer("a", "Idle")), 1, List.of()));
    }
}
