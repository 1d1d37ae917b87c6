package dev.herald.sources.health;

/**
 * Hears of checks' states, on the scheduler thread: it must not block (the RIB posts an event to
 * its own thread and returns).
 */
public interface HealthListener {
    /**
     * A check's state: once when the check starts (Starting, its routes as its start-up setting
     * says), then on every transition.
     */
    void changed(HealthCheckState state);

    /** A check was removed by a reconfigure; its routes are no longer held by it. */
    default void removed(String name) {
    }
}
