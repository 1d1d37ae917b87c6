package dev.herald.fsm;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** Combines our OPEN and the peer's into what the session may use. */
public final class Negotiation {
    private Negotiation() {
    }

    public static Negotiated of(Open local, Open peer) {
        int hold = Math.min(local.holdTime(), peer.holdTime());
        Set<Family> families = new LinkedHashSet<>(offered(local));
        families.retainAll(offered(peer));
        boolean fourOctet = local.capability(Capability.FourOctetAs.class).isPresent()
                && peer.capability(Capability.FourOctetAs.class).isPresent();
        Set<Family> enh = new LinkedHashSet<>();
        for (Family f : families) {
            if (offersIpv6NextHop(local, f) && offersIpv6NextHop(peer, f)) {
                enh.add(f);
            }
        }
        boolean refresh = peer.capability(Capability.RouteRefresh.class).isPresent();
        return new Negotiated(local, peer, hold, Duration.ofMillis(hold * 1000L / 3), families, fourOctet, enh, refresh);
    }

    /** RFC 4760 8: a speaker that sends no multiprotocol capability at all speaks IPv4 unicast only. */
    static Set<Family> offered(Open open) {
        var mp = open.capabilities(Capability.Multiprotocol.class);
        if (mp.isEmpty()) {
            return Set.of(Family.IPV4_UNICAST);
        }
        Set<Family> out = new LinkedHashSet<>();
        mp.stream().map(Capability.Multiprotocol::family).filter(Objects::nonNull).forEach(out::add);
        return out;
    }

    private static boolean offersIpv6NextHop(Open open, Family f) {
        return open.capabilities(Capability.ExtendedNextHop.class).stream()
                .flatMap(c -> c.entries().stream())
                .anyMatch(e -> e.afi() == f.afi().code() && e.safi() == f.safi().code()
                        && e.nextHopAfi() == LocalOpen.NEXT_HOP_AFI_IPV6);
    }
}
