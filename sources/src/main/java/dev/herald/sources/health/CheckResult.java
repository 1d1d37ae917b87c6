package dev.herald.sources.health;

import java.time.Instant;

/** One run's result and when it ended. A timeout is a failure (issue 20); it is kept apart for status and logs. */
public record CheckResult(Outcome outcome, Instant at) {
    public enum Outcome {
        PASSED, FAILED, TIMED_OUT;

        boolean passed() {
            return this == PASSED;
        }
    }

    public static CheckResult passed(Instant at) {
        return new CheckResult(Outcome.PASSED, at);
    }

    public static CheckResult failed(Instant at) {
        return new CheckResult(Outcome.FAILED, at);
    }

    public static CheckResult timedOut(Instant at) {
        return new CheckResult(Outcome.TIMED_OUT, at);
    }
}
