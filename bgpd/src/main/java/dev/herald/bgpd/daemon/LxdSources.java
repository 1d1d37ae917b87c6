package dev.herald.bgpd.daemon;

import dev.herald.config.LxdSourceConfig;
import dev.herald.sources.lxd.LxdSettings;
import dev.herald.sources.lxd.LxdSource;

/** Builds the LXD source from {@code sources.lxd}. */
final class LxdSources {
    private LxdSources() {
    }

    static LxdSource create(LxdSourceConfig c) {
        LxdSettings s = c.settings();
        if (c.url().isPresent()) {
            return LxdSource.remote(c.url().get(), c.clientCert().orElseThrow(), c.clientKey().orElseThrow(),
                    c.serverCert().orElse(null), s);
        }
        return LxdSource.unix(c.socket().orElse(null), s);
    }
}
