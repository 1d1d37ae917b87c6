package dev.herald.bgpd.daemon;

import dev.herald.config.LxdSourceConfig;
import dev.herald.sources.lxd.LxdSettings;
import dev.herald.sources.lxd.LxdSource;
import io.netty.channel.EventLoopGroup;

/** Builds the LXD source from {@code sources.lxd}. */
final class LxdSources {
    private LxdSources() {
    }

    static LxdSource create(LxdSourceConfig c, EventLoopGroup loops) {
        LxdSettings s = c.settings();
        if (c.url().isPresent()) {
            return LxdSource.remote(c.url().get(), c.clientCert().orElseThrow(), c.clientKey().orElseThrow(),
                    c.serverCert().orElse(null), s);
        }
        // The unix-socket HTTP group is made in one place until the daemon owns the only one.
        return LxdSource.unix(loops, c.socket().orElse(null), s);
    }
}
