package dev.herald.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sources.ovn} section: prefixes from the OVN Southbound database's Advertised_Route.
 *
 * @param remotes             the SB remotes ({@code tcp:}, {@code ssl:}, {@code unix:}); several: a RAFT cluster
 * @param privateKey          PEM private key (PKCS#8) for {@code ssl:} remotes
 * @param certificate         PEM certificate for {@code ssl:} remotes
 * @param caCertificate       PEM CA certificate the server's must chain to
 * @param chassis             this chassis's name; empty: the local Open_vSwitch's {@code external_ids:system-id}
 * @param ovsRemote           where the local Open_vSwitch database is (read for the chassis name)
 * @param probeIntervalSeconds inactivity probe on tcp:/ssl: remotes (0: off)
 * @param localOnly           only rows whose logical_port is local (as OVN 26.03)
 * @param trackedPortLocalOnly rows whose tracked_port is elsewhere are not announced (redistribute-local-only)
 * @param localMed            MED when the tracked port is local
 * @param remoteMed           MED otherwise
 * @param ipv4NextHop         {@code router-port} or {@code self}
 * @param ipv6NextHop         the same for IPv6
 * @param keepWhenUnreachableSeconds how long the last known set stays while the SB is unreachable; empty: for ever
 * @param semantics           the OVN release whose ovn-controller to imitate ({@link #SEMANTICS}); empty: by the SB
 *                            schema version
 */
public record OvnSourceConfig(List<String> remotes, Optional<Path> privateKey, Optional<Path> certificate,
        Optional<Path> caCertificate, Optional<String> chassis, String ovsRemote, int probeIntervalSeconds, boolean localOnly,
        boolean trackedPortLocalOnly, int localMed, int remoteMed, NextHop ipv4NextHop, NextHop ipv6NextHop,
        Optional<Integer> keepWhenUnreachableSeconds, Optional<String> semantics) {
    /** The OVN releases whose semantics herald knows. */
    public static final List<String> SEMANTICS = List.of("25.03", "25.09", "26.03");

    /** Where a family's next hop comes from. */
    public enum NextHop {
        /** The address of the family of the port through which the router takes part in dynamic routing. */
        ROUTER_PORT,
        /** The session's address (and the peer's next-hop settings). */
        SELF
    }

    public static final String DEFAULT_REMOTE = "unix:/var/run/ovn/ovnsb_db.sock";
    public static final String DEFAULT_OVS_REMOTE = "unix:/var/run/openvswitch/db.sock";
    public static final int DEFAULT_PROBE_SECONDS = 5;

    public OvnSourceConfig {
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(ovsRemote, "ovsRemote");
        Objects.requireNonNull(ipv4NextHop, "ipv4NextHop");
        Objects.requireNonNull(ipv6NextHop, "ipv6NextHop");
        Objects.requireNonNull(semantics, "semantics");
    }

    /** Every default: the local SB socket, the chassis from Open_vSwitch, OVN's metrics as MED, next hop self. */
    public static OvnSourceConfig defaults() {
        return new OvnSourceConfig(List.of(DEFAULT_REMOTE), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_OVS_REMOTE, DEFAULT_PROBE_SECONDS, false, false, 100, 1000, NextHop.SELF, NextHop.SELF,
                Optional.empty(), Optional.empty());
    }
}
