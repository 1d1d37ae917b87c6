package dev.herald.fsm;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Connect-retry back-off: ConnectRetryTime doubled per consecutive failure up to a cap, then
 * multiplied by a random factor in [0.75, 1] (the jitter of RFC 4271 section 10), so peers that
 * failed together do not retry in lockstep.
 *
 * @param base   ConnectRetryTime, the wait after the first failure
 * @param cap    the longest wait before jitter
 * @param random the source of the jitter
 */
public record Backoff(Duration base, Duration cap, RandomGenerator random) {
    /** The wait after {@code failures} consecutive failures (0 and 1 both give the base). */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long ms = base.toMillis();
        long capped = Math.min(ms > cap.toMillis() >> doublings ? cap.toMillis() : ms << doublings, cap.toMillis());
        return jitter(Duration.ofMillis(capped));
    }

    /** The duration multiplied by a random factor in [0.75, 1]. */
    public Duration jitter(Duration d) {
        double factor = 0.75 + 0.25 * random.nextDouble();
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }
}
