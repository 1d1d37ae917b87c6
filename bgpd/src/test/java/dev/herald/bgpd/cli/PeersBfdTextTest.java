package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** How {@code herald peers} renders a peer's {@code bfd} object (docs/admin-api.md). */
class PeersBfdTextTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode peer(String bfd) {
        return JSON.readTree("{\"name\": \"r1\", \"bfd\": " + bfd + "}");
    }

    @Test
    void upWithNegotiatedTimers() {
        JsonNode p = peer("{\"state\": \"Up\", \"diagnostic\": \"NoDiagnostic\", \"tx_interval_ms\": 100.0,"
                + " \"rx_interval_ms\": 200.0, \"detection_time_ms\": 600.0, \"flaps\": 2, \"min_rx_ms\": 100,"
                + " \"min_tx_ms\": 100, \"multiplier\": 3}");
        assertEquals("Up", PeersCommand.bfdState(p));
        assertEquals("Up, tx 100 ms, rx 200 ms, detection 600 ms, 2 flap(s); configured min-rx 100ms, min-tx 100ms x 3",
                PeersCommand.bfdDetail(p.path("bfd")));
    }

    @Test
    void downShowsWhyAndNothingNegotiatedYet() {
        JsonNode p = peer("{\"state\": \"Down\", \"diagnostic\": \"ControlDetectionTimeExpired\", \"tx_interval_ms\": 1000.0,"
                + " \"rx_interval_ms\": 0.0, \"detection_time_ms\": 0.0, \"flaps\": 1, \"min_rx_ms\": 300,"
                + " \"min_tx_ms\": 300, \"multiplier\": 3}");
        assertEquals("Down (ControlDetectionTimeExpired), tx 1000 ms, rx -, detection -, 1 flap(s); configured min-rx"
                + " 300ms, min-tx 300ms x 3", PeersCommand.bfdDetail(p.path("bfd")));
    }

    @Test
    void noBfdIsADash() {
        assertEquals("-", PeersCommand.bfdState(peer("null")));
    }
}
