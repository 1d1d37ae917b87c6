package dev.herald.fsm;

import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What both OPENs together decided for one connection.
 *
 * @param holdTime        negotiated hold time in seconds; 0 means no HoldTimer and no KEEPALIVEs
 * @param keepaliveTime   one third of the hold time; zero when the hold time is 0
 * @param families        families both sides offered (RFC 4760; a peer without any multiprotocol
 *                        capability offers IPv4 unicast only)
 * @param fourOctetAs     both sides sent capability 65 (RFC 6793)
 * @param extendedNextHop families for which both sides offered an IPv6 next hop (RFC 8950)
 * @param peerRouteRefresh the peer understands ROUTE-REFRESH (RFC 2918)
 */
public record Negotiated(Open localOpen, Open peerOpen, int holdTime, Duration keepaliveTime, Set<Family> families,
                         boolean fourOctetAs, Set<Family> extendedNextHop, boolean peerRouteRefresh) {
    public Negotiated {
        families = Collections.unmodifiableSet(new LinkedHashSet<>(families));
        extendedNextHop = Collections.unmodifiableSet(new LinkedHashSet<>(extendedNextHop));
    }

    /**
     * Sends 65535-byte messages only when both OPENs carry the extended message capability, takes
     * them whenever herald's OPEN offered it (RFC 8654 4 and 5); an external peer when the two ASes
     * differ (RFC 7606 error handling depends on it).
     */
    public CodecContext codecContext() {
        boolean offered = localOpen != null
                && localOpen.capability(dev.herald.codec.Capability.ExtendedMessage.class).isPresent();
        boolean extended = offered && peerOpen != null
                && peerOpen.capability(dev.herald.codec.Capability.ExtendedMessage.class).isPresent();
        boolean external = localOpen != null && peerOpen != null && localOpen.asn() != peerOpen.asn();
        return new CodecContext(fourOctetAs, extended ? CodecContext.MAX_EXTENDED_MESSAGE : CodecContext.MAX_MESSAGE,
                external, offered ? CodecContext.MAX_EXTENDED_MESSAGE : CodecContext.MAX_MESSAGE);
    }

    /** Both sides advertised graceful restart (RFC 4724): the peer keeps herald's routes when the session ends without a NOTIFICATION. */
    public boolean gracefulRestart() {
        return localOpen != null && peerOpen != null
                && localOpen.capability(dev.herald.codec.Capability.GracefulRestart.class).isPresent()
                && peerOpen.capability(dev.herald.codec.Capability.GracefulRestart.class).isPresent();
    }

    /** Both sides advertised graceful restart with the N bit (RFC 8538). */
    public boolean notificationGracefulRestart() {
        return gr(localOpen) && gr(peerOpen);
    }

    private static boolean gr(Open o) {
        return o != null && o.capability(dev.herald.codec.Capability.GracefulRestart.class)
                .map(dev.herald.codec.Capability.GracefulRestart::notification).orElse(false);
    }

    /**
     * Both sides advertised enhanced route refresh (RFC 7313): herald's answer to a ROUTE-REFRESH
     * is bracketed by BoRR and EoRR. Checked by code, whichever type the codec decodes it to.
     */
    public boolean enhancedRouteRefresh() {
        return has(localOpen, LocalOpen.ENHANCED_ROUTE_REFRESH) && has(peerOpen, LocalOpen.ENHANCED_ROUTE_REFRESH);
    }

    private static boolean has(Open o, int code) {
        return o != null && o.capabilities().stream().anyMatch(c -> c.code() == code);
    }

    /** The peer's BGP Identifier in dotted-quad form. */
    public String peerIdentifier() {
        return Identifiers.toText(peerOpen.bgpIdentifier());
    }
}
