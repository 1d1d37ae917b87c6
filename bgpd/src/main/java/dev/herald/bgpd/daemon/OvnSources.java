package dev.herald.bgpd.daemon;

import dev.herald.config.OvnSourceConfig;
import dev.herald.sources.ovn.OvnSource;
import dev.herald.sources.ovn.ovsdb.OvsdbRemote;
import dev.herald.sources.ovn.ovsdb.TlsFiles;

/** Builds the OVN source from {@code sources.ovn}. */
final class OvnSources {
    /** How long the daemon's start waits for the first complete view of the SB. */
    static final long INITIAL_WAIT_MILLIS = 5_000;

    private OvnSources() {
    }

    static OvnSource create(OvnSourceConfig c, io.netty.channel.EventLoopGroup loops) {
        TlsFiles tls = c.privateKey().isPresent()
                ? new TlsFiles(c.privateKey().get(), c.certificate().orElseThrow(), c.caCertificate().orElseThrow())
                : null;
        OvnSource.Connection conn = new OvnSource.Connection(
                OvsdbRemote.parseList(String.join(",", c.remotes()), OvsdbRemote.SB_DEFAULT_PORT), tls,
                OvsdbRemote.parse(c.ovsRemote(), 6640), c.probeIntervalSeconds() * 1000L);
        return new OvnSource(conn, c.settings(), INITIAL_WAIT_MILLIS, loops);
    }
}
