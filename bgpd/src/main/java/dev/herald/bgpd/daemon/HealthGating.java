package dev.herald.bgpd.daemon;

import dev.herald.config.HealthCheckConfig;
import dev.herald.rib.HealthGates;
import dev.herald.sources.health.CheckStatus;
import dev.herald.sources.health.HealthCheckState;
import dev.herald.sources.health.HealthChecks;
import dev.herald.sources.health.HealthListener;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon's health checks (ADR 0019): runs them ({@link HealthChecks}, its own scheduler thread)
 * and turns each check's state into the RIB's gates. Every change of the gates is computed on the
 * RIB thread from the gates the RIB holds then, so transitions, reloads and the start are applied
 * in the order they were posted and none is lost between two of them.
 */
final class HealthGating implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("health");
    private final RibExecutor rib;
    private final HealthChecks checks;

    HealthGating(RibExecutor rib, List<HealthCheckConfig> configured, EventLoopGroup loops) {
        this.rib = rib;
        this.checks = new HealthChecks(configured.stream().map(HealthCheckConfig::settings).toList(),
                new Listener(), loops);
        // Before any source or session: a start-up: down check's routes are held back from the first UPDATE.
        rib.post(r -> r.setHealthGates(HealthCheckConfig.gates(configured, Instant.now())));
    }

    /** Runs every check; the first runs start now. */
    void start() {
        checks.start();
    }

    /**
     * The checks of a reloaded config: an unchanged check keeps its state and its routes' announcement
     * (its match may change), a new or changed one starts over as its start-up says, a removed one
     * lets its routes go.
     */
    void reload(List<HealthCheckConfig> next) {
        rib.post(r -> r.setHealthGates(carried(r.healthGates(), next, Instant.now())));
        var done = checks.reconfigure(next.stream().map(HealthCheckConfig::settings).toList());
        if (!done.started().isEmpty() || !done.removed().isEmpty()) {
            LOG.log(Level.INFO, "health checks: started {0}, removed {1}, kept {2}", done.started(), done.removed(),
                    done.kept());
        }
    }

    /**
     * The gates of {@code next}: each as it starts, except that a check of the same name and settings
     * keeps the announcement and since of its gate in {@code now}. The runner keeps exactly those checks
     * (equal settings), and a kept check reports no new state, so its gate must carry over here.
     */
    static HealthGates carried(HealthGates now, List<HealthCheckConfig> next, Instant at) {
        List<HealthGates.Gate> out = new ArrayList<>();
        for (HealthCheckConfig c : next) {
            HealthGates.Gate fresh = c.gate(at);
            HealthGates.Gate was = now.gates().stream()
                    .filter(g -> g.check().equals(c.settings().name()) && g.onFailure().equals(c.settings().onFailure()))
                    .findFirst().orElse(null);
            out.add(was == null ? fresh
                    : new HealthGates.Gate(fresh.check(), fresh.selector(), fresh.onFailure(), was.announcement(), was.since()));
        }
        return new HealthGates(out);
    }

    /** Each check's status in configuration order. */
    Map<String, CheckStatus> status() {
        return checks.status();
    }

    /** Stops every check (their commands killed); the RIB keeps the gates it has. */
    @Override
    public void close() {
        checks.close();
    }

    /** On the health scheduler thread: posts and returns, never waits for the RIB. */
    private final class Listener implements HealthListener {
        @Override
        public void changed(HealthCheckState s) {
            String name = s.settings().name(); // the runner logs the transition
            rib.post(r -> r.setHealthGates(r.healthGates().with(name, !s.healthy(), s.since())));
        }
    }
}
