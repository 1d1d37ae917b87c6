package dev.herald.interop.lxd;

import dev.herald.interop.lab.IpPrefix;
import java.util.Map;
import java.util.Set;

/**
 * Where herald's announced set may differ from the daemon's own BGP server's, on purpose, with
 * the reason. A prefix in one set and not the other fails the differential test unless one of
 * these explains it on the test's {@link LxdWorld}. Next hops are never compared: LXD's server
 * sends IPv6 routes over its IPv4 session with an IPv4-mapped next hop (::ffff:a.b.c.d,
 * canonical/lxd#12547), herald a configured IPv6 one; only the prefixes are the oracle's.
 */
enum KnownDifference {
    /**
     * A NIC route of a running instance in a project with {@code restricted} true, outside the
     * project's {@code restricted.networks.subnets}: LXD 5.0.2 checks those subnets for OVN
     * networks only, so its BGP server announces a bridged NIC's {@code routes.external}
     * whatever it claims; herald refuses it (docs/config.md, "Refused"), since a restricted project
     * must not be able to draw someone else's traffic.
     */
    RESTRICTED_PROJECT_NIC_ROUTE(Side.DAEMON_ONLY, "herald refuses a restricted project's NIC route outside its "
            + "restricted.networks.subnets; the daemon checks those for OVN networks only") {
        @Override
        boolean explains(LxdWorld w, IpPrefix p) {
            if (!LxdWorld.isTrue(w.projectConfig.get("restricted"))) {
                return false;
            }
            for (Map.Entry<String, Set<IpPrefix>> e : w.runningNicRoutes().entrySet()) {
                LxdWorld.Instance i = w.instances.get(e.getKey());
                if (i.project.equals(w.project) && e.getValue().contains(p)
                        && w.restrictedSubnets().stream().noneMatch(s -> LxdWorld.contains(s, p))) {
                    return true;
                }
            }
            return false;
        }
    },

    /**
     * A NIC route of a stopped instance whose NIC was changed while it was stopped: LXD 5.0.2's
     * and Incus 7.0's {@code nicBridged.Update} re-adds the NIC's prefixes to its BGP server whether the instance
     * runs or not (only the host routes are inside its {@code isRunning} block), and nothing
     * removes them before the next stop; so LXD announces prefixes it does not route anywhere.
     * herald announces a NIC's routes while its instance runs only.
     */
    STOPPED_INSTANCE_NIC_ROUTE(Side.DAEMON_ONLY, "the daemon announces a stopped instance's NIC routes after a change to "
            + "its NIC (device update outside the isRunning check); herald only a running instance's") {
        @Override
        boolean explains(LxdWorld w, IpPrefix p) {
            return w.instances.values().stream().anyMatch(i -> !i.running && i.announcedWhileStopped.contains(p));
        }
    },

    /**
     * A bridge's subnet or NAT address where the bridge itself names no BGP peer, against Incus:
     * Incus 7.0 exports a bridge's own prefixes only when that bridge has {@code bgp.peers.*}
     * ({@code common.bgpSetup}: "Don't set up BGP on non-OVN networks when no peers are
     * configured"; its forwards and NIC routes it still exports), where LXD 5.0.2 exports every
     * bridge's. herald follows LXD's rule for both daemons: it does not tell them apart. The steps'
     * networks never name the peer (the anchor does, and it announces nothing of its own).
     */
    INCUS_BRIDGE_WITHOUT_PEERS(Side.HERALD_ONLY, "Incus exports a bridge's subnet and NAT addresses only when the bridge "
            + "has bgp.peers; herald, like LXD 5.0.2, every bridge's") {
        @Override
        boolean explains(LxdWorld w, IpPrefix p) {
            if (w.kind != DaemonKind.INCUS) {
                return false;
            }
            for (Map<String, String> n : w.networks.values()) {
                for (String fam : new String[] {"ipv4", "ipv6"}) {
                    String nat = n.get(fam + ".nat.address");
                    String address = n.get(fam + ".address");
                    if (LxdWorld.isTrue(n.get(fam + ".nat"))) {
                        if (nat != null && p.equals(IpPrefix.parse(nat + (fam.equals("ipv4") ? "/32" : "/128")))) {
                            return true;
                        }
                    } else if (address != null && !address.equals("none")) {
                        IpPrefix a = IpPrefix.parse(address);
                        if (p.length() == a.length() && LxdWorld.contains(p, a)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    },

    /**
     * A forward's listen address inside a bridge's subnet, the bridge naming no BGP peer, against
     * Incus: Incus decides at {@code network forward create} whether to export it (not inside a
     * NATed subnet), and since {@code bgpSetup} returns early for a bridge without peers, switching
     * the bridge's NAT later never re-decides; so Incus keeps announcing a private address after
     * NAT came on, or never announces a routed one after NAT went off. herald decides on the
     * current config (as LXD 5.0.2, which re-runs its forward export on every network update).
     */
    INCUS_FORWARD_NAT_NOT_REEVALUATED(Side.EITHER, "Incus decides a forward's export at its creation and does not "
            + "re-decide when NAT changes on a bridge without bgp.peers; herald decides on the current config") {
        @Override
        boolean explains(LxdWorld w, IpPrefix p) {
            if (w.kind != DaemonKind.INCUS) {
                return false;
            }
            for (Map.Entry<String, Set<String>> e : w.forwards.entrySet()) {
                Map<String, String> n = w.networks.get(e.getKey());
                for (String a : e.getValue()) {
                    boolean v6 = a.contains(":");
                    String address = n.get((v6 ? "ipv6" : "ipv4") + ".address");
                    if (address != null && !address.equals("none") && p.equals(IpPrefix.parse(a + (v6 ? "/128" : "/32")))
                            && LxdWorld.contains(IpPrefix.parse(address), p)) {
                        return true;
                    }
                }
            }
            return false;
        }
    };

    /** Which set holds the prefix the difference explains. */
    enum Side { HERALD_ONLY, DAEMON_ONLY, EITHER }

    final Side side;
    final String reason;

    KnownDifference(Side side, String reason) {
        this.side = side;
        this.reason = reason;
    }

    /** Whether this difference explains {@code p} being in {@link #side}'s set only, in world {@code w}. */
    abstract boolean explains(LxdWorld w, IpPrefix p);

    /** The difference that explains {@code p} on {@code side}, or null. */
    static KnownDifference explaining(LxdWorld w, IpPrefix p, Side side) {
        for (KnownDifference d : values()) {
            if ((d.side == side || d.side == Side.EITHER) && d.explains(w, p)) {
                return d;
            }
        }
        return null;
    }
}
