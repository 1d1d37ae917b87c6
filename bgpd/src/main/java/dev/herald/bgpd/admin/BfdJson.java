package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.BfdView;
import java.util.Map;

/** A peer's {@code bfd} object in {@code /v1/peers} (docs/cli.md): null when bfd is not enabled for it. */
final class BfdJson {
    private BfdJson() {
    }

    static Map<String, Object> of(BfdView b) {
        if (b == null) {
            return null;
        }
        Map<String, Object> o = Json.object();
        o.put("state", b.state());
        o.put("diagnostic", b.diagnostic());
        o.put("tx_interval_ms", b.txIntervalMs());
        o.put("rx_interval_ms", b.rxIntervalMs());
        o.put("detection_time_ms", b.detectionTimeMs());
        o.put("flaps", b.upTransitions());
        o.put("min_rx_ms", b.configured().minRxMillis());
        o.put("min_tx_ms", b.configured().minTxMillis());
        o.put("multiplier", b.configured().multiplier());
        return o;
    }
}
