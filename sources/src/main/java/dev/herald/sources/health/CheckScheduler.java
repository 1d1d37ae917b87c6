package dev.herald.sources.health;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks' scheduling core: which checks run, their states, and the listener's calls. Every
 * method runs on the scheduler thread ({@link HealthChecks} hops there); only {@link #status} may
 * be read from any thread. Its clock and runs are injected, so tests drive it on a manual clock.
 */
final class CheckScheduler {
    private static final Logger LOG = System.getLogger("health");

    private final HealthTimer timer;
    private final ProbeLauncher launcher;
    private final HealthListener listener;
    private Map<String, ScheduledCheck> checks = new LinkedHashMap<>();
    private volatile Map<String, CheckStatus> snapshot = Map.of();
    private boolean closed;

    CheckScheduler(HealthTimer timer, ProbeLauncher launcher, HealthListener listener) {
        this.timer = timer;
        this.launcher = launcher;
        this.listener = listener;
    }

    /**
     * Runs {@code wanted} from now on: a check whose settings equal the running one's keeps its
     * state, counts and schedule; a new or changed one starts in Starting with a run at once (the
     * listener hears its Starting state first); one no longer wanted is stopped.
     */
    Reconfigured apply(List<HealthCheckSettings> wanted) {
        if (closed) {
            throw new IllegalStateException("health checks are closed");
        }
        var names = new HashSet<String>();
        for (HealthCheckSettings s : wanted) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two health checks are named " + s.name());
            }
        }
        var kept = new ArrayList<String>();
        var started = new ArrayList<ScheduledCheck>();
        var removed = new ArrayList<String>();
        var next = new LinkedHashMap<String, ScheduledCheck>();
        for (HealthCheckSettings s : wanted) {
            ScheduledCheck old = checks.get(s.name());
            if (old != null && old.settings().equals(s)) {
                next.put(s.name(), old);
                kept.add(s.name());
            } else {
                if (old != null) {
                    old.stop();
                }
                ScheduledCheck c = new ScheduledCheck(s, timer, launcher, this::transitioned, this::publish);
                next.put(s.name(), c);
                started.add(c);
            }
        }
        for (var e : checks.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                e.getValue().stop();
                removed.add(e.getKey());
            }
        }
        checks = next;
        publish();
        for (String name : removed) {
            tell(() -> listener.removed(name));
        }
        for (ScheduledCheck c : started) {
            transitioned(c);
            c.start();
        }
        return new Reconfigured(kept, started.stream().map(c -> c.settings().name()).toList(), removed);
    }

    /** Each check's status, in configuration order. */
    Map<String, CheckStatus> status() {
        return snapshot;
    }

    /** Stops every check, killing runs in flight. */
    void close() {
        closed = true;
        checks.values().forEach(ScheduledCheck::stop);
    }

    private void transitioned(ScheduledCheck c) {
        HealthCheckState s = c.state();
        tell(() -> listener.changed(s));
    }

    private void publish() {
        var m = new LinkedHashMap<String, CheckStatus>();
        checks.forEach((name, c) -> m.put(name, c.status()));
        snapshot = Collections.unmodifiableMap(m);
    }

    /** A listener that throws must not stop the schedule: it is logged and the checks go on. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "health check listener failed", e);
        }
    }
}
