package dev.herald.fsm;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import java.util.ArrayList;
import java.util.List;

/** The OPEN herald sends for a session. */
public final class LocalOpen {
    /** RFC 8950 next-hop AFI for IPv6. */
    static final int NEXT_HOP_AFI_IPV6 = 2;
    /** Enhanced route refresh (RFC 7313), capability code 70, empty value. */
    public static final int ENHANCED_ROUTE_REFRESH = 70;

    private LocalOpen() {
    }

    /**
     * RFC 9494 3.1: per family AFI, SAFI, F (herald's routes stay valid while it is down, as with
     * graceful restart) and the long-lived stale time.
     */
    static Capability.LongLivedGracefulRestart longLivedGracefulRestart(SessionConfig cfg) {
        return new Capability.LongLivedGracefulRestart(cfg.families().stream()
                .map(f -> new Capability.LongLivedGracefulRestart.Entry(f.afi().code(), f.safi().code(), true,
                        (int) cfg.longLivedStaleTime()))
                .toList());
    }

    /**
     * Version 4, our AS (AS_TRANS in the 2-octet field above 65535), the configured hold time and
     * router id, and in code order: multiprotocol per family, route refresh, extended next hop
     * (IPv4 unicast over IPv6, when IPv4 unicast is configured), extended message (RFC 8654, when
     * configured: herald can take messages up to 65535 bytes, and packs its UPDATEs to that size only
     * when the peer offers it too), graceful restart (R when
     * {@link SessionConfig#restarted()}, N=1 (RFC 8538), F=1 per family: the routes herald announces
     * stay valid while it restarts), 4-octet AS, enhanced route refresh (RFC 7313: herald brackets
     * its answer to a ROUTE-REFRESH with BoRR and EoRR, so the peer can drop what was not re-sent),
     * long-lived graceful restart (RFC 9494) when configured.
     */
    public static Open build(SessionConfig cfg) {
        List<Capability> caps = new ArrayList<>();
        for (Family f : cfg.families()) {
            caps.add(new Capability.Multiprotocol(f));
        }
        caps.add(new Capability.RouteRefresh());
        if (cfg.families().contains(Family.IPV4_UNICAST)) {
            caps.add(new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHop.Entry(
                    Family.IPV4_UNICAST.afi().code(), Family.IPV4_UNICAST.safi().code(), NEXT_HOP_AFI_IPV6))));
        }
        if (cfg.extendedMessage()) {
            caps.add(new Capability.ExtendedMessage());
        }
        if (cfg.gracefulRestartTime() >= 0) {
            List<Capability.GracefulRestart.GrFamily> gr = cfg.families().stream()
                    .map(f -> new Capability.GracefulRestart.GrFamily(f.afi().code(), f.safi().code(), true))
                    .toList();
            caps.add(new Capability.GracefulRestart(cfg.restarted(), true, cfg.gracefulRestartTime(), gr));
        }
        caps.add(new Capability.FourOctetAs(cfg.localAsn()));
        caps.add(new Capability.EnhancedRouteRefresh());
        if (cfg.longLivedStaleTime() >= 0 && cfg.gracefulRestartTime() >= 0) {
            caps.add(longLivedGracefulRestart(cfg));
        }
        return Open.of(cfg.localAsn(), cfg.holdTime(), Identifiers.toInt(cfg.routerId()), caps);
    }
}
