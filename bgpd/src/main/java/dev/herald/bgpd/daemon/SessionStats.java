package dev.herald.bgpd.daemon;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.fsm.transport.EstablishedSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one configured peer's sessions went through, for status and metrics: when the current one
 * became Established, what it negotiated, and how often an Established session ended (flaps).
 * Written on the session's loop, read from anywhere.
 */
final class SessionStats {
    private final AtomicLong flaps = new AtomicLong();
    private volatile Negotiation current;

    /**
     * The Established session's facts.
     *
     * @param capabilities capabilities both sides sent, by name (RFC 5492 registry names, lower case)
     */
    record Negotiation(Instant since, String localAddress, String remoteAddress, long peerAsn, String peerRouterId,
                       int holdTime, List<Family> families, List<String> capabilities) {
    }

    void established(EstablishedSession s) {
        current = new Negotiation(Instant.now(), SessionInfos.text(s.localAddress()), SessionInfos.text(s.remoteAddress()),
                s.peerOpen().asn(), InetAddresses.toText(java.nio.ByteBuffer.allocate(4)
                        .putInt(s.peerOpen().bgpIdentifier()).array()),
                s.holdTime(), Family.ALL.stream().filter(s.families()::contains).toList(),
                common(s.localOpen().capabilities(), s.peerOpen().capabilities()));
    }

    void down() {
        if (current != null) {
            current = null;
            flaps.incrementAndGet();
        }
    }

    /** The Established session's facts, or null while there is none. */
    Negotiation current() {
        return current;
    }

    /** Established sessions that ended since herald started this peer. */
    long flaps() {
        return flaps.get();
    }

    static List<String> common(List<Capability> local, List<Capability> peer) {
        Set<String> theirs = new java.util.HashSet<>();
        peer.forEach(c -> theirs.add(name(c.code())));
        List<String> out = new ArrayList<>();
        for (Capability c : local) {
            String n = name(c.code());
            if (theirs.contains(n) && !out.contains(n) && c.code() != 1) {
                out.add(n); // multiprotocol is shown as the families
            }
        }
        return out;
    }

    static String name(int code) {
        return switch (code) {
            case 1 -> "multiprotocol";
            case 2 -> "route-refresh";
            case 5 -> "extended-next-hop";
            case 6 -> "extended-message";
            case 9 -> "role";
            case 64 -> "graceful-restart";
            case 65 -> "4-octet-as";
            case 69 -> "add-path";
            case 70 -> "enhanced-route-refresh";
            case 71 -> "long-lived-graceful-restart";
            case 73 -> "fqdn";
            default -> "capability-" + code;
        };
    }
}
