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
     * project's {@code restricted.networks.subnets}: LXD 5.0.2 and Incus check those subnets for
     * OVN networks only, so their BGP servers announce a bridged NIC's {@code routes.external}
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
     * {@code nicBridged.Update} re-adds the NIC's prefixes to its BGP server whether the instance
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
    };

    /** Which set holds the prefix the difference explains. */
    enum Side { HERALD_ONLY, DAEMON_ONLY }

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
            if (d.side == side && d.explains(w, p)) {
                return d;
            }
        }
        return null;
    }
}
