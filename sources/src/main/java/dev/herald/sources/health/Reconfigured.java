package dev.herald.sources.health;

import java.util.List;

/**
 * What a reconfigure did, by check name.
 *
 * @param kept    settings equal to the running ones: state, counts and schedule kept
 * @param started new checks, and changed ones started over in Starting
 * @param removed checks no longer configured, stopped (their running command killed)
 */
public record Reconfigured(List<String> kept, List<String> started, List<String> removed) {
    public Reconfigured {
        kept = List.copyOf(kept);
        started = List.copyOf(started);
        removed = List.copyOf(removed);
    }
}
