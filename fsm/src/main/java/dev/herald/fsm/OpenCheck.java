package dev.herald.fsm;

import dev.herald.codec.Capability;
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
        Optional<Refusal> inconsistent = checkFourOctetAs(open);
        if (inconsistent.isPresent()) {
            return inconsistent;
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

    /**
     * RFC 6793 4.1: a speaker with the 4-octet AS capability puts its AS in My AS when it fits two
     * octets, else AS_TRANS; any other My AS contradicts the capability. Answered as FRR does: 2/2
     * with the capability's AS as data, also for AS_TRANS in the capability (no speaker's own AS).
     * My AS = AS_TRANS beside a capability value below 65536 is odd but accepted, as by FRR.
     */
    private static Optional<Refusal> checkFourOctetAs(Open open) {
        Optional<Capability.FourOctetAs> cap = open.capability(Capability.FourOctetAs.class);
        if (cap.isEmpty()) {
            return Optional.empty();
        }
        long as4 = cap.get().asn();
        byte[] data = {(byte) (as4 >>> 24), (byte) (as4 >>> 16), (byte) (as4 >>> 8), (byte) as4};
        if (as4 == Open.AS_TRANS) {
            return refuse(2, 2, data, "4-octet AS capability carries AS_TRANS");
        }
        if (open.myAsField() != Open.AS_TRANS && open.myAsField() != as4) {
            return refuse(2, 2, data, "My AS " + open.myAsField() + " differs from the 4-octet AS capability's " + as4);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(int code, int subcode, byte[] data, String reason) {
        return Optional.of(new Refusal(new Notification(code, subcode, data), reason));
    }
}
