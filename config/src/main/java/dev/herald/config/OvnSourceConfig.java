package dev.herald.config;

import dev.herald.sources.ovn.OvnSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sources.ovn} section: where the OVN Southbound database is, and the OVN source's
 * own settings (what it announces, beyond what the SB says), which the source takes as they are.
 *
 * @param remotes              the SB remotes ({@code tcp:}, {@code ssl:}, {@code unix:}); several: a RAFT cluster
 * @param privateKey           PEM private key (PKCS#8) for {@code ssl:} remotes
 * @param certificate          PEM certificate for {@code ssl:} remotes
 * @param caCertificate        PEM CA certificate the server's must chain to
 * @param ovsRemote            where the local Open_vSwitch database is (read for the chassis name)
 * @param probeIntervalSeconds inactivity probe on tcp:/ssl: remotes (0: off)
 * @param settings             {@code chassis}, {@code local-only}, {@code tracked-port}, {@code next-hop},
 *                             {@code keep-when-unreachable}, {@code semantics}
 */
public record OvnSourceConfig(List<String> remotes, Optional<Path> privateKey, Optional<Path> certificate,
        Optional<Path> caCertificate, String ovsRemote, int probeIntervalSeconds, OvnSettings settings) {
    public static final String DEFAULT_REMOTE = "unix:/var/run/ovn/ovnsb_db.sock";
    public static final String DEFAULT_OVS_REMOTE = "unix:/var/run/openvswitch/db.sock";
    public static final int DEFAULT_PROBE_SECONDS = 5;

    public OvnSourceConfig {
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(ovsRemote, "ovsRemote");
        Objects.requireNonNull(settings, "settings");
    }

    /** Every default: the local SB socket, the chassis from Open_vSwitch, OVN's metrics as MED, next hop self. */
    public static OvnSourceConfig defaults() {
        return new OvnSourceConfig(List.of(DEFAULT_REMOTE), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_OVS_REMOTE, DEFAULT_PROBE_SECONDS, OvnSettings.defaults(null));
    }
}
