package dev.herald.interop;

import dev.herald.interop.lab.EveryRouterKind;
import dev.herald.interop.lab.RequiresHeraldLab;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import dev.herald.interop.lab.ReceivedRoute;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Unnumbered peering (ADR 0009): herald's peer is {@code interface: veth0}, and the link carries
 * only IPv6 link-local addresses (plus one global IPv6 address on herald's side, the global half
 * of its next hops). FRR ({@code neighbor veth0 interface remote-as external}) installs herald's
 * IPv4 route via its link-local address (RFC 8950) and its IPv6 route likewise, valid and best,
 * in its kernel table; GoBGP ({@code neighbor-interface}) finds herald in its neighbour table;
 * BIRD and OpenBGPD, which have no interface-only neighbour, are given herald's link-local
 * address (and BIRD, which insists that the global next hop be directly reachable, a global
 * address in herald's prefix). Each router holds both routes with herald's next hop, first with herald connecting
 * out (or the router connecting first), then with herald passive.
 */
@ExtendWith(RequiresHeraldLab.class)
class UnnumberedPeeringIT {
    static final IpPrefix V4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:100::/48");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static String config(boolean passive) {
        return HeraldYaml.lab().listen("::", 179)
                .peer(HeraldYaml.Peer.onInterface("leaf", "veth0", 65001).families("ipv4-unicast", "ipv6-unicast")
                        .holdTime(9).connectRetry(1).line("passive: " + passive))
                .statics("203.0.113.0/24", "2001:db8:100::/48").build();
    }

    @ParameterizedTest(name = "unnumbered with {0}")
    @EveryRouterKind
    void routerInstallsHeraldsRoutesViaItsLinkLocalAddress(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.createUnnumbered("unnumbered-" + kind.name())) {
            Set<Family> both = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
            // FRR and GoBGP find herald on the interface by themselves; BIRD and OpenBGPD have no
            // interface-only neighbour and are told herald's link-local address (herald's side is
            // 'interface: veth0' all the same).
            RouterConfig.Neighbor n = switch (kind.impl()) {
                case FRR, GOBGP -> RouterConfig.Neighbor.onInterface(LabLink.IFNAME, 65010, both);
                case BIRD, OPENBGPD -> RouterConfig.Neighbor.linkLocal(link.speakerLinkLocal(), LabLink.IFNAME, 65010,
                        both, RouterConfig.Options.NONE.withExtendedNextHop());
            };
            RouterConfig cfg = new RouterConfig(65001, link.routerV4(), List.of(n));
            if (kind.impl() == RouterKind.Impl.BIRD) {
                // BIRD takes the global half of a 32-byte next hop and refuses it unless it is directly
                // reachable ("Invalid NEXT_HOP attribute ... not directly reachable"): share the prefix.
                link.routerNs().ip("-6", "addr", "add", IpPrefix.format(link.routerV6()) + "/64", "dev", LabLink.IFNAME, "nodad");
            }
            // gobgpd looks its neighbour up once, when it starts: herald's router advertisement must
            // have put herald into the router side's neighbour table before.
            Herald active = link.own(Herald.start(link.speakerNs(), config(false), link.logDir().resolve("herald-active")));
            if (kind.impl() == RouterKind.Impl.GOBGP) {
                awaitNeighbourEntry(link, active);
            }
            Router router = link.own(kind.start(link.routerNs(), cfg, link.logDir().resolve("router")));
            awaitInstalled(router, active, "herald connecting out", link);
            if (kind.impl() == RouterKind.Impl.FRR) {
                // FRR may connect first (it learns herald from its router advertisements); herald's own
                // discovery finds FRR in the neighbour table all the same (checked every 10 s).
                router.await("herald's log: neighbour on veth0", TIMEOUT,
                        () -> active.logContains("neighbour on veth0: fe80:") ? Optional.of(true) : Optional.empty());
            }
            active.shutdown(Duration.ofSeconds(30));
            router.await("routes withdrawn after herald shutdown", TIMEOUT,
                    () -> router.routes(Family.IPV4_UNICAST).stream().noneMatch(r -> r.prefix().equals(V4))
                            ? Optional.of(true) : Optional.empty());

            Herald passive = link.own(Herald.start(link.speakerNs(), config(true), link.logDir().resolve("herald-passive")));
            awaitInstalled(router, passive, "herald passive, the router connecting to its link-local address", link);
            System.err.println("[lab] " + kind + ": unnumbered session both ways, routes via herald's link-local address");
        }
    }

    private static void awaitNeighbourEntry(LabLink link, Herald h) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!link.routerNs().ip("-6", "neigh", "show", "dev", LabLink.IFNAME).stdout().contains("fe80:")) {
            h.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("herald's router advertisement never reached " + link.routerNs() + "\n" + h.logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every router: both prefixes in its table with herald's global or link-local next hop. */
    private static void awaitInstalled(Router router, Herald h, String what, LabLink link) {
        Set<InetAddress> herald = Set.of(link.speakerV6(), link.speakerLinkLocal());
        for (IpPrefix p : List.of(V4, V6)) {
            List<ReceivedRoute> t = router.awaitRoutes(p.isIpv6() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST,
                    what + ": " + p + " via herald's IPv6 addresses", TIMEOUT, table -> {
                        h.checkAlive();
                        return table.stream().anyMatch(r -> r.prefix().equals(p)
                                && r.nextHops().stream().anyMatch(herald::contains));
                    });
            System.err.println("[lab] " + router.kind() + ": " + t.stream().filter(r -> r.prefix().equals(p)).toList());
        }
        if (router.kind().impl() == RouterKind.Impl.FRR) {
            awaitInstalledByFrr(router, h, what, IpPrefix.format(link.speakerV6()));
        }
    }

    /** FRR also says valid and best, with the 32-byte next hop, and installs both routes in its kernel. */
    private static void awaitInstalledByFrr(Router frr, Herald h, String what, String global) {
        for (IpPrefix p : List.of(V4, V6)) {
            // FRR's own view: a valid, best path from herald.
            String[] last = {""};
            try {
                frr.await(what + ": " + p + " valid and best", TIMEOUT, () -> {
                    h.checkAlive();
                    last[0] = frr.routeDetail(p);
                    String detail = last[0].replaceAll("\\s", "");
                    // The 32-byte next hop: herald's global address and its link-local one.
                    return detail.contains("\"valid\":true") && detail.contains("\"overall\":true")
                            && detail.contains("\"ip\":\"" + global + "\"") && detail.contains("\"scope\":\"link-local\"")
                            ? Optional.of(detail) : Optional.empty();
                });
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nlast route detail: " + last[0], e);
            }
            // And the kernel's: installed via herald's link-local address out of veth0.
            String expected = p.isIpv6() ? "via fe80:" : "via inet6 fe80:";
            String route = frr.await(what + ": " + p + " in the kernel " + expected, TIMEOUT, () -> {
                String r = link(frr).ip(p.isIpv6() ? "-6" : "-4", "route", "show", p.toString()).stdout();
                return r.contains(expected) && r.contains("dev " + LabLink.IFNAME) && r.contains("proto bgp")
                        ? Optional.of(r) : Optional.empty();
            });
            System.err.println("[lab] " + frr.kind() + " kernel: " + route.strip());
        }
    }

    private static dev.herald.interop.lab.Netns link(Router r) {
        return r.ns();
    }
}
