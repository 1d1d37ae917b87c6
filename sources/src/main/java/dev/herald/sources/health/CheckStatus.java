package dev.herald.sources.health;

import dev.herald.sources.health.CheckResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One check as {@code herald status} and metrics show it, an immutable snapshot.
 *
 * @param state        the check's state (Starting/Up/Down, since, transitions, its settings)
 * @param lastResult   the last run's outcome and when it ended; empty before the first
 * @param lastDetail   the last run's reason ("exit status 1", "timed out after PT2S"), "" before the first
 * @param lastDuration how long the last run took, on the monotonic clock (a timed-out run: its timeout)
 * @param counts       results per outcome since the check (re)started, every outcome present
 */
public record CheckStatus(HealthCheckState state, Optional<CheckResult> lastResult, String lastDetail,
                          Duration lastDuration, Map<Outcome, Long> counts) {
    public CheckStatus {
        counts = Map.copyOf(counts);
    }

    public String name() {
        return state.settings().name();
    }
}
