package dev.herald.bgpd.daemon;

import dev.herald.bfd.io.BfdTransport;
import dev.herald.config.BfdConfig;
import java.util.Optional;

/**
 * A peer's BFD as {@code herald peers} shows it.
 *
 * @param state           RFC 5880 state (AdminDown, Down, Init, Up); "Idle" while the BGP session
 *                        is not Established (no BFD session runs then)
 * @param diagnostic      bfd.LocalDiag: why the session last went down ("NoDiagnostic" when it did not)
 * @param txIntervalMs    the negotiated transmit interval (the larger of min-tx and the peer's min-rx), ms
 * @param rxIntervalMs    the interval herald expects the peer's packets at, ms; 0 before any arrived
 * @param detectionTimeMs herald declares the session down after this long without a packet; 0 before any arrived
 * @param upTransitions   how often the peer's BFD sessions reached Up since herald started ("flaps")
 * @param configured      min-rx, min-tx and multiplier as configured
 * @param bgpResets       how often BFD going Down ended the peer's BGP session with Cease/10 since herald started
 */
public record BfdView(String state, String diagnostic, double txIntervalMs, double rxIntervalMs,
                      double detectionTimeMs, int upTransitions, BfdConfig configured, int bgpResets) {
    static BfdView of(BfdConfig config, Optional<BfdTransport.Handle> session, int upTransitions, int bgpResets) {
        if (!config.enabled()) {
            return null;
        }
        if (session.isEmpty()) {
            return new BfdView("Idle", "NoDiagnostic", 0, 0, 0, upTransitions, config, bgpResets);
        }
        BfdTransport.Handle h = session.get();
        BfdTransport.Negotiated n = h.negotiated();
        return new BfdView(name(h.state()), camel(n.localDiag().name()), n.transmitInterval() / 1000.0,
                n.receiveInterval() / 1000.0, n.detectionTime() / 1000.0, upTransitions, config, bgpResets);
    }

    private static String name(dev.herald.bfd.State s) {
        return switch (s) {
            case ADMIN_DOWN -> "AdminDown";
            case DOWN -> "Down";
            case INIT -> "Init";
            case UP -> "Up";
        };
    }

    /** CONTROL_DETECTION_TIME_EXPIRED -> ControlDetectionTimeExpired. */
    private static String camel(String constant) {
        StringBuilder sb = new StringBuilder();
        for (String w : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return sb.toString();
    }
}
