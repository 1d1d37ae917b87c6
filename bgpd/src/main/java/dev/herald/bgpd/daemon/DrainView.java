package dev.herald.bgpd.daemon;

import java.time.Instant;

/**
 * A drain ({@code herald drain}) as the admin API and the metrics show it.
 *
 * @param since   when it began
 * @param message the operator's message ("" when none)
 */
public record DrainView(Instant since, String message) {
}
