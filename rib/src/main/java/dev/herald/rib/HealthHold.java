package dev.herald.rib;

import java.time.Instant;

/**
 * A Down health check holding routes a peer would otherwise be sent, for {@code herald peers}.
 *
 * @param check        the check's name
 * @param announcement what its routes get: withdrawn or degraded
 * @param since        when it went Down
 * @param routes       prefixes its gate holds among those the peer's policy lets through: counted by
 *                     the update group as routes change (as its sent counts are), never by a table walk
 *                     per query
 */
public record HealthHold(String check, HealthGates.Announcement announcement, Instant since, int routes) {
}
