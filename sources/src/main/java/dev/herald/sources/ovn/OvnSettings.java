package dev.herald.sources.ovn;

import java.time.Duration;
import java.util.Objects;

/**
 * What the OVN source announces, beyond what the Southbound database says.
 *
 * @param chassis        this host's chassis name; null: the local Open_vSwitch's {@code external_ids:system-id}
 * @param localOnly      announce only rows whose logical_port is itself local (what OVN 26.03 always does)
 * @param trackedPort    what a row's tracked_port changes (LOCAL_ONLY: for every row, as OVN 25.09's
 *                       per-port {@code dynamic-routing-redistribute-local-only} does for its port's rows)
 * @param localMed       MED of a row whose tracked_port is local (ovn-controller's metric: 100)
 * @param remoteMed      MED of every other row (ovn-controller's metric: 1000)
 * @param ipv4NextHop    next hop of IPv4 routes
 * @param ipv6NextHop    next hop of IPv6 routes
 * @param keepWhenUnreachable how long the last known set stays announced while the SB cannot be
 *                       reached; null: for ever
 * @param semantics      which OVN release's ovn-controller to imitate; null: the one whose SB schema
 *                       version the server reports ({@link OvnSemantics#forSchema})
 */
public record OvnSettings(String chassis, boolean localOnly, TrackedPort trackedPort, int localMed, int remoteMed,
        NextHopMode ipv4NextHop, NextHopMode ipv6NextHop, Duration keepWhenUnreachable, OvnSemantics semantics) {
    /** How a row with a tracked_port is treated. */
    public enum TrackedPort {
        /** Announce it everywhere; with the lower MED where the tracked port is local. */
        PREFER_LOCAL,
        /** Announce it only where the tracked port is local ({@code dynamic-routing-redistribute-local-only}). */
        LOCAL_ONLY
    }

    /** Where the next hop of a family comes from. */
    public enum NextHopMode {
        /**
         * The address of that family of the port through which the row's router takes part in
         * dynamic routing here ({@link DatapathFacts}), else the session's.
         */
        ROUTER_PORT,
        /** The session's own address (and the peer's next-hop settings). */
        SELF
    }

    public static final int OVN_LOCAL_METRIC = 100;
    public static final int OVN_METRIC = 1000;

    public OvnSettings {
        Objects.requireNonNull(trackedPort, "trackedPort");
        Objects.requireNonNull(ipv4NextHop, "ipv4NextHop");
        Objects.requireNonNull(ipv6NextHop, "ipv6NextHop");
    }

    /** The semantics picked by the SB schema version. */
    public OvnSettings(String chassis, boolean localOnly, TrackedPort trackedPort, int localMed, int remoteMed,
            NextHopMode ipv4NextHop, NextHopMode ipv6NextHop, Duration keepWhenUnreachable) {
        this(chassis, localOnly, trackedPort, localMed, remoteMed, ipv4NextHop, ipv6NextHop, keepWhenUnreachable, null);
    }

    public static OvnSettings defaults(String chassis) {
        return new OvnSettings(chassis, false, TrackedPort.PREFER_LOCAL, OVN_LOCAL_METRIC, OVN_METRIC, NextHopMode.SELF,
                NextHopMode.SELF, null);
    }

    /** The semantics to follow with a server whose SB schema has {@code schemaVersion}. */
    public OvnSemantics.Choice semanticsFor(String schemaVersion) {
        return semantics != null ? new OvnSemantics.Choice(semantics, true) : OvnSemantics.forSchema(schemaVersion);
    }
}
