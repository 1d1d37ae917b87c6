package dev.herald.sources.health;

import dev.herald.rib.OnFailure;
import java.time.Duration;

/**
 * One health check as configured.
 *
 * @param name      the check's name, as status and metrics show it
 * @param probe     what one run does
 * @param interval  time between the starts of two runs
 * @param timeout   how long a run may take; a run still going then is killed and counts as a failure
 * @param rise      consecutive passes that make the check Up
 * @param fall      consecutive failures that make the check Down
 * @param startUp   what the routes are while the check is Starting (before rise passes or fall failures)
 * @param onFailure what a Down check does to its routes
 */
public record HealthCheckSettings(String name, Probe probe, Duration interval, Duration timeout, int rise, int fall,
                                  StartUp startUp, OnFailure onFailure) {
    /** The announcement while Starting: as if Up (announce at once) or as if Down (wait for rise passes). */
    public enum StartUp { UP, DOWN }

    public HealthCheckSettings {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a health check needs a name");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check " + name + ": interval and timeout must be positive");
        }
        // A run must end before the next one starts: one run per check at a time.
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("check " + name + ": timeout " + timeout + " exceeds interval " + interval);
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("check " + name + ": rise and fall must be at least 1, got " + rise + ", " + fall);
        }
    }
}
