package dev.herald.fsm;

import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import java.util.Optional;

/** The checks RFC 4271 6.2 (with RFC 6286 and 6793) makes on a received OPEN. */
public final class OpenCheck {
    private OpenCheck() {
    }

    /** Why an OPEN was refused and what to tell the peer. */
    public record Refusal(Notification notification, String reason) {
    }

    /** Empty when the OPEN is acceptable; checks run in the order RFC 4271 6.2 lists them. */
    public static Optional<Refusal> check(Open open, SessionConfig cfg) {
        if (open.version() != 4) {
            // The data is the largest version we support (2 octets).
            return refuse(2, 1, new byte[] {0, 4}, "unsupported version " + open.version());
        }
        long peerAs = open.asn();
        if (peerAs != cfg.remoteAsn()) {
            return refuse(2, 2, null, "peer AS " + peerAs + ", expected " + cfg.remoteAsn());
        }
        int id = open.bgpIdentifier();
        if (id == 0) {
            return refuse(2, 3, null, "BGP identifier 0.0.0.0");
        }
        // RFC 6286 2.2: only an internal peer must not share our identifier.
        if (cfg.internal() && id == Identifiers.toInt(cfg.routerId())) {
            return refuse(2, 3, null, "internal peer uses our BGP identifier " + Identifiers.toText(id));
        }
        if (open.holdTime() == 1 || open.holdTime() == 2) {
            return refuse(2, 6, null, "hold time " + open.holdTime());
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(int code, int subcode, byte[] data, String reason) {
        return Optional.of(new Refusal(new Notification(code, subcode, data), reason));
    }
}
