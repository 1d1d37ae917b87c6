package dev.herald.interop;

import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unnumbered peering (ADR 0009): herald's peer is {@code interface: veth0}, FRR's is
 * {@code neighbor veth0 interface remote-as external}, and the link carries only IPv6 link-local
 * addresses (plus one global IPv6 address on herald's side, the global half of its next hops).
 * FRR installs herald's IPv4 route via its link-local address (RFC 8950) and its IPv6 route
 * likewise, valid and best, in its kernel table; first with herald connecting out, then with
 * herald passive, FRR connecting to herald's link-local address.
 */
class UnnumberedPeeringIT {
    static final IpPrefix V4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:100::/48");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void lab() {
        Lab.requireLab();
        Herald.requireJar();
    }

    static String config(boolean passive) {
        return """
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                  listen: { address: "::", port: 179 }
                peers:
                  - name: leaf
                    interface: veth0
                    asn: 65001
                    families: [ipv4-unicast, ipv6-unicast]
                    hold-time: 9
                    connect-retry: 1
                    passive: %s
                sources:
                  static:
                    - prefix: 203.0.113.0/24
                    - prefix: 2001:db8:100::/48
                """.formatted(passive);
    }

    @ParameterizedTest(name = "unnumbered with {0}")
    @EnumSource(value = RouterKind.class, names = {"FRR_TRIXIE", "FRR_HOST"})
    void routerInstallsHeraldsRoutesViaItsLinkLocalAddress(RouterKind kind) {
        kind.require();
        try (LabLink link = LabLink.createUnnumbered("unnumbered-" + kind.name())) {
            RouterConfig cfg = new RouterConfig(65001, link.routerV4(), List.of(RouterConfig.Neighbor.onInterface(
                    LabLink.IFNAME, 65010, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST))));
            Router frr = link.own(kind.start(link.routerNs(), cfg, link.logDir().resolve("router")));

            Herald active = link.own(Herald.start(link.speakerNs(), config(false), link.logDir().resolve("herald-active")));
            awaitInstalled(frr, active, "herald connecting out", IpPrefix.format(link.speakerV6()));
            // FRR may connect first (it learns herald from its router advertisements); herald's own
            // discovery finds FRR in the neighbour table all the same (checked every 10 s).
            frr.await("herald's log: neighbour on veth0", TIMEOUT,
                    () -> active.logContains("neighbour on veth0: fe80:") ? Optional.of(true) : Optional.empty());
            active.shutdown(Duration.ofSeconds(30));
            frr.await("routes withdrawn after herald shutdown", TIMEOUT,
                    () -> frr.routes(Family.IPV4_UNICAST).stream().noneMatch(r -> r.prefix().equals(V4))
                            ? Optional.of(true) : Optional.empty());

            Herald passive = link.own(Herald.start(link.speakerNs(), config(true), link.logDir().resolve("herald-passive")));
            awaitInstalled(frr, passive, "herald passive, FRR connecting to its link-local address",
                    IpPrefix.format(link.speakerV6()));
            System.err.println("[lab] " + kind + ": unnumbered session both ways, routes installed via link-local");
        }
    }

    private static void awaitInstalled(Router frr, Herald h, String what, String global) {
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
