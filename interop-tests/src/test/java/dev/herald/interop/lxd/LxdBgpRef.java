package dev.herald.interop.lxd;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Netns;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The daemon's own BGP server ({@code core.bgp_address}, AS 65010) peered with a reference
 * router (AS 65001) in a namespace of its own, behind a veth from the host namespace where the
 * daemon runs: 198.19.{@code octet}.1/30 and fd00:19:{@code octet}::1/64 on the host side, .2 and
 * ::2 on the router's. The daemon's networks name the router as a peer with
 * {@link #peerConfig}; it announces its routes to it over the IPv4 session, both families.
 */
final class LxdBgpRef implements AutoCloseable {
    final Netns ns;
    final Router router;
    final InetAddress daemonAddress;
    final InetAddress routerAddress;
    private final int octet;

    private LxdBgpRef(Netns ns, Router router, InetAddress daemonAddress, InetAddress routerAddress, int octet) {
        this.ns = ns;
        this.router = router;
        this.daemonAddress = daemonAddress;
        this.routerAddress = routerAddress;
        this.octet = octet;
    }

    /** The veth, the router and the daemon's {@code core.bgp_*} keys; {@code octet} keeps concurrent classes apart. */
    static LxdBgpRef start(LxdDaemon daemon, RouterKind kind, int octet, Path logDir) {
        InetAddress daemonAddress = IpPrefix.address("198.19." + octet + ".1");
        InetAddress routerAddress = IpPrefix.address("198.19." + octet + ".2");
        Netns ns = Netns.create(Lab.RUN_PREFIX + "ref" + octet);
        try {
            String hostIf = "hl" + ProcessHandle.current().pid() % 1_000_000 + "r" + octet % 10;
            Exec.check("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "veth0", "netns", ns.name());
            Exec.check("ip", "addr", "add", "198.19." + octet + ".1/30", "dev", hostIf);
            Exec.check("ip", "-6", "addr", "add", "fd00:19:" + octet + "::1/64", "dev", hostIf, "nodad");
            Exec.check("ip", "link", "set", hostIf, "up");
            ns.ip("addr", "add", "198.19." + octet + ".2/30", "dev", "veth0");
            ns.ip("-6", "addr", "add", "fd00:19:" + octet + "::2/64", "dev", "veth0", "nodad");
            ns.ip("link", "set", "veth0", "up");
            Router router = kind.start(ns, new RouterConfig(65001, routerAddress, List.of(new RouterConfig.Neighbor(daemonAddress,
                    65010, routerAddress, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)))), logDir);
            LxdBgpRef ref = new LxdBgpRef(ns, router, daemonAddress, routerAddress, octet);
            daemon.lxc("config", "set", "core.bgp_address", "198.19." + octet + ".1:179");
            daemon.lxc("config", "set", "core.bgp_asn", "65010");
            daemon.lxc("config", "set", "core.bgp_routerid", "198.19." + octet + ".1");
            return ref;
        } catch (RuntimeException e) {
            ns.close(); // the veth's peer goes with it, so the host side does too
            throw e;
        }
    }

    /** The network keys that make the daemon peer with this router (on one network: the peer goes when the last one does). */
    String[] peerConfig() {
        return new String[] {"bgp.peers.ref.address=198.19." + octet + ".2", "bgp.peers.ref.asn=65001"};
    }

    /** The router's table as FRR's vtysh prints it, for failure messages. */
    String rawTable(String family) {
        return router.cli("show bgp " + family + " unicast").stdout();
    }

    @Override
    public void close() {
        try {
            router.close();
        } finally {
            ns.close();
        }
    }
}
