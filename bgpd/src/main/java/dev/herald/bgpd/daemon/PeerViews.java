package dev.herald.bgpd.daemon;

import dev.herald.codec.Family;
import dev.herald.config.PeerConfig;
import dev.herald.codec.InetAddresses;
import dev.herald.fsm.transport.PeerSession;
import dev.herald.rib.NextHop;
import dev.herald.rib.PeerStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts together what the config, the session and the RIB know of one peer. */
final class PeerViews {
    private PeerViews() {
    }

    static PeerView of(PeerConfig p, PeerSession session, SessionStats stats, boolean adminDown, PeerStatus rib,
            java.util.Optional<dev.herald.bfd.io.BfdTransport.Handle> bfd, int bfdUps, int bfdResets) {
        SessionStats.Negotiation n = stats.current();
        Map<Family, String> nextHops = new LinkedHashMap<>();
        Map<Family, String> heldBack = new LinkedHashMap<>();
        Map<Family, Integer> advertised = new LinkedHashMap<>();
        if (rib != null && n != null) {
            for (Family f : Family.ALL) {
                NextHop nh = rib.nextHops().get(f);
                if (nh instanceof NextHop.Missing m) {
                    heldBack.put(f, m.reason());
                } else if (nh != null) {
                    nextHops.put(f, nh.toString());
                }
                Integer count = rib.advertised().get(f);
                if (count != null) {
                    advertised.put(f, count);
                }
            }
        }
        return new PeerView(p.name(), p.remoteText(), p.port(), p.asn(), p.passive(),
                session.state().toString(), adminDown, n == null ? null : n.since(),
                n == null ? null : n.localAddress(), n == null ? null : n.remoteAddress(),
                n == null ? 0 : n.peerAsn(), n == null ? null : n.peerRouterId(), n == null ? 0 : n.holdTime(),
                stats.flaps(), session.lastError(), n == null ? List.of() : n.families(),
                n == null ? List.of() : n.capabilities(), nextHops, heldBack, advertised, session.messages(),
                rib == null ? 0 : rib.pendingPrefixes(), rib == null ? 0 : rib.queuedBytes(),
                BfdView.of(p.bfd(), bfd, bfdUps, bfdResets),
                rib == null || n == null ? List.of() : rib.healthHolds());
    }
}
