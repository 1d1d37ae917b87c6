package dev.herald.sources.health;

import java.util.function.Consumer;

/** Starts runs off the scheduler thread; injected so the scheduling core is tested without processes. */
interface ProbeLauncher {
    /**
     * Starts one run of {@code settings}' probe. {@code done} gets its result once, on any thread,
     * unless the run is killed first (then it may still come, and is dropped by the caller).
     */
    Launched launch(HealthCheckSettings settings, Consumer<ProbeResult> done);

    interface Launched {
        /** Ends the run now (its timeout came): kills its command and descendants, closes its socket. */
        void kill();
    }
}
