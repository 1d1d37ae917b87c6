package dev.herald.bgpd.admin;

import dev.herald.bgpd.daemon.Daemon;
import dev.herald.bgpd.daemon.Instance;
import dev.herald.config.HeraldConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code herald run} adds around the daemon: the admin API, the metrics endpoint and the
 * SIGHUP reload. Neither endpoint is essential to announcing routes, so one that cannot start is logged
 * and herald runs on without it.
 */
public final class Operations implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("admin");

    private final Daemon daemon;
    private final Reloader reloader;
    private final String version;
    private AdminServer admin;
    private MetricsServer metrics;

    private Operations(Daemon daemon, Path configFile, Instance instance, String version) {
        this.daemon = daemon;
        this.version = version;
        this.reloader = new Reloader(configFile, instance, daemon, this::applied);
    }

    public static Operations start(Daemon daemon, Path configFile, String version) {
        return start(daemon, configFile, Instance.DEFAULT, version);
    }

    /** @param instance whose defaults (the admin socket) a reloaded config file gets, as at the start */
    public static Operations start(Daemon daemon, Path configFile, Instance instance, String version) {
        Operations o = new Operations(daemon, configFile, instance, version);
        o.startAdmin(daemon.config());
        o.startMetrics(daemon.config());
        // The handler itself was installed before the daemon started (Daemon.run); from here on
        // it reloads, on a thread of its own, one reload at a time (Reloader).
        daemon.onHangup(() -> {
            LOG.log(Level.INFO, "SIGHUP: reloading {0}", configFile);
            o.reloader.reload();
        });
        return o;
    }

    public Reloader reloader() {
        return reloader;
    }

    private synchronized void startAdmin(HeraldConfig c) {
        try {
            admin = AdminServer.start(daemon.eventLoops(), c.admin(), new AdminApi(daemon, reloader, version));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "admin API not available: cannot serve {0}: {1} (herald runs on; set admin.socket)",
                    c.admin().socket(), e.toString());
        }
    }

    private synchronized void startMetrics(HeraldConfig c) {
        c.metrics().ifPresent(m -> {
            try {
                metrics = MetricsServer.start(m.listen(), new Metrics(daemon));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "metrics endpoint not available: cannot listen on {0}: {1}", m.listen(), e.toString());
            }
        });
    }

    /** After a reload: moves the endpoints whose settings changed. */
    private synchronized void applied(HeraldConfig old, HeraldConfig next) {
        if (!Objects.equals(old.admin(), next.admin())) {
            // Closing the listening socket leaves accepted connections open: the reload's own
            // answer still goes out on the old one.
            if (admin != null) {
                admin.close();
                admin = null;
            }
            startAdmin(next);
        }
        if (!Objects.equals(old.metrics(), next.metrics())) {
            if (metrics != null) {
                metrics.close();
                metrics = null;
            }
            startMetrics(next);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
