package dev.herald.bgpd.admin;

import dev.herald.sources.health.CheckResult.Outcome;
import dev.herald.sources.health.CheckStatus;
import dev.herald.sources.health.HealthCheckState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The health checks' series (issue 20, ADR 0019), per configured check, read from the runner's
 * status in the scrape's {@link Reading}. Names and meanings are listed in docs/metrics.md.
 */
final class HealthMeters {
    /** A check's results of one outcome. */
    private record Results(String check, String outcome, long count) {
    }

    private HealthMeters() {
    }

    static List<LiveFamily<?>> families(MeterRegistry registry) {
        List<LiveFamily<?>> f = new ArrayList<>();
        Function<Reading, Collection<CheckStatus>> checks = r -> r.checks().values();
        Function<CheckStatus, Tags> check = c -> Tags.of("check", c.name());
        f.add(LiveFamily.gauge(registry, "herald_health_check_up",
                "1 while the check is Up, 0 while Down; while Starting, as its start-up setting (1: up, 0: down).",
                checks, check, c -> c.state().healthy() ? 1 : 0));
        f.add(LiveFamily.gauge(registry, "herald_health_check_starting",
                "1 while the check has not yet had rise passes or fall failures in a row.", checks, check,
                c -> c.state().state() == HealthCheckState.State.STARTING ? 1 : 0));
        f.add(LiveFamily.counter(registry, "herald_health_check_transitions",
                "State changes of the check since it (re)started, leaving Starting included.", checks, check,
                c -> c.state().transitions()));
        f.add(LiveFamily.counter(registry, "herald_health_check_results",
                "Runs of the check since it (re)started, by outcome: passed, failed, timed_out.",
                r -> results(r.checks().values()), c -> Tags.of("check", c.check(), "outcome", c.outcome()),
                Results::count));
        f.add(LiveFamily.gauge(registry, "herald_health_check_last_duration_seconds",
                "How long the check's last run took (a timed-out run: its timeout); 0 before the first.", checks,
                check, c -> c.lastDuration().toNanos() / 1e9));
        return f;
    }

    /** Every outcome, also those at 0, so rate() has a series from the first scrape. */
    private static List<Results> results(Collection<CheckStatus> checks) {
        List<Results> out = new ArrayList<>();
        for (CheckStatus c : checks) {
            for (Outcome o : Outcome.values()) {
                out.add(new Results(c.name(), o.name().toLowerCase(Locale.ROOT), c.counts().getOrDefault(o, 0L)));
            }
        }
        return out;
    }
}
