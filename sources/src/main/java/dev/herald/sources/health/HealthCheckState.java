package dev.herald.sources.health;

import dev.herald.rib.OnFailure;
import java.time.Instant;
import java.util.Objects;

/**
 * A check's state, pure and immutable: results go in ({@link #after}), the state, since when, the
 * transition count and the announcement its routes must have come out.
 *
 * <p>Counting follows the documented rise/fall of HAProxy ({@code rise}: "considered operational after
 * N consecutive successful health checks", {@code fall}: "considered dead after N consecutive
 * unsuccessful health checks") and ExaBGP's healthcheck ({@code --rise}/{@code --fall}): a run of
 * {@code rise} consecutive passes makes the check Up, a run of {@code fall} consecutive failures
 * makes it Down, and a result of the other kind starts the count again. (HAProxy's implementation
 * counts an Up server's fall on a health counter that a pass raises again, so f-f-p-f-f brings down a
 * fall-3 server there; herald counts strictly consecutive results, as both documents say: ADR 0019.)
 * A timeout is a failure. So an Up check leaves Up only
 * after {@code fall} results and a Down one leaves Down only after {@code rise}: flapping is bounded.
 *
 * <p>A new check is Starting until its first run of {@code rise} passes or {@code fall} failures;
 * meanwhile its routes are as the start-up setting says (announced, or held back).
 *
 * @param transitions state changes so far, leaving Starting included
 * @param passes      consecutive passes ending with the last result
 * @param failures    consecutive failures ending with the last result
 * @param lastResult  when the last result came, {@link Instant#MIN} before the first
 */
public record HealthCheckState(HealthCheckSettings settings, State state, Instant since, long transitions, int passes,
                               int failures, Instant lastResult) {
    public enum State { STARTING, UP, DOWN }

    /** What the routes a check holds must be now. */
    public enum Announcement { NORMAL, WITHDRAWN, DEGRADED }

    public HealthCheckState {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(state);
        Objects.requireNonNull(since);
    }

    /** A check created at {@code now}: Starting, no results yet. */
    public static HealthCheckState start(HealthCheckSettings settings, Instant now) {
        return new HealthCheckState(settings, State.STARTING, now, 0, 0, 0, Instant.MIN);
    }

    /** The state after {@code r}; results must come in time order (one run per check at a time). */
    public HealthCheckState after(CheckResult r) {
        if (r.at().isBefore(lastResult)) {
            throw new IllegalArgumentException("check " + settings.name() + ": result at " + r.at()
                    + " is earlier than the last one at " + lastResult);
        }
        // Counters saturate at the threshold: nothing past it changes the state.
        int p = r.outcome().passed() ? Math.min(passes + 1, settings.rise()) : 0;
        int f = r.outcome().passed() ? 0 : Math.min(failures + 1, settings.fall());
        State next = state;
        if (p == settings.rise()) {
            next = State.UP;
        } else if (f == settings.fall()) {
            next = State.DOWN;
        }
        if (next == state) {
            return new HealthCheckState(settings, state, since, transitions, p, f, r.at());
        }
        return new HealthCheckState(settings, next, r.at(), transitions + 1, p, f, r.at());
    }

    /** Whether the routes are announced as configured: Up, or Starting with start-up {@code up}. */
    public boolean healthy() {
        return switch (state) {
            case UP -> true;
            case DOWN -> false;
            case STARTING -> settings.startUp() == HealthCheckSettings.StartUp.UP;
        };
    }

    /** The announcement the check's routes must have now. */
    public Announcement announcement() {
        if (healthy()) {
            return Announcement.NORMAL;
        }
        return switch (settings.onFailure()) {
            case OnFailure.Withdraw w -> Announcement.WITHDRAWN;
            case OnFailure.Degrade d -> Announcement.DEGRADED;
        };
    }
}
