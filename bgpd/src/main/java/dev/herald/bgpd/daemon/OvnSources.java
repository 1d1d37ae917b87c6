package dev.herald.bgpd.daemon;

import dev.herald.config.OvnSourceConfig;
import dev.herald.sources.ovn.OvnSemantics;
import dev.herald.sources.ovn.OvnSettings;
import dev.herald.sources.ovn.OvnSource;
import dev.herald.sources.ovn.ovsdb.OvsdbRemote;
import dev.herald.sources.ovn.ovsdb.TlsFiles;
import java.time.Duration;

/** Builds the OVN source from {@code sources.ovn}. */
final class OvnSources {
    /** How long the daemon's start waits for the first complete view of the SB. */
    static final long INITIAL_WAIT_MILLIS = 5_000;

    private OvnSources() {
    }

    static OvnSettings settings(OvnSourceConfig c) {
        return new OvnSettings(c.chassis().orElse(null), c.localOnly(),
                c.trackedPortLocalOnly() ? OvnSettings.TrackedPort.LOCAL_ONLY : OvnSettings.TrackedPort.PREFER_LOCAL,
                c.localMed(), c.remoteMed(), mode(c.ipv4NextHop()), mode(c.ipv6NextHop()),
                c.keepWhenUnreachableSeconds().map(Duration::ofSeconds).orElse(null),
                c.semantics().map(OvnSemantics::ofRelease).orElse(null));
    }

    private static OvnSettings.NextHopMode mode(OvnSourceConfig.NextHop n) {
        return n == OvnSourceConfig.NextHop.ROUTER_PORT ? OvnSettings.NextHopMode.ROUTER_PORT : OvnSettings.NextHopMode.SELF;
    }

    static OvnSource create(OvnSourceConfig c, io.netty.channel.EventLoopGroup loops) {
        TlsFiles tls = c.privateKey().isPresent()
                ? new TlsFiles(c.privateKey().get(), c.certificate().orElseThrow(), c.caCertificate().orElseThrow())
                : null;
        OvnSource.Connection conn = new OvnSource.Connection(
                OvsdbRemote.parseList(String.join(",", c.remotes()), OvsdbRemote.SB_DEFAULT_PORT), tls,
                OvsdbRemote.parse(c.ovsRemote(), 6640), c.probeIntervalSeconds() * 1000L);
        return new OvnSource(conn, settings(c), INITIAL_WAIT_MILLIS, loops);
    }
}
