package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sources' side of the RIB: their views and deltas applied to the origin table, each prefix's
 * state before its first change remembered for the next flush.
 */
final class SourceDeltas {
    private final OriginTable origin;
    private final UpdateGroups groups;
    private final OriginChanges changes;
    /** Sources that have offered something since the RIB started (the others have nothing to withdraw). */
    private final Set<String> offering = new HashSet<>();

    SourceDeltas(OriginTable origin, UpdateGroups groups, OriginChanges changes) {
        this.origin = origin;
        this.groups = groups;
        this.changes = changes;
    }

    /**
     * Replaces everything {@code source} offers with {@code routes}, and sends each peer only the
     * difference.
     */
    void replaceSource(String source, Collection<Route> routes) {
        origin.clearInterned(source);
        for (Route r : routes) {
            if (!r.source().equals(source)) {
                throw new IllegalArgumentException("route " + r + " is not from source " + source);
            }
        }
        if (offering.add(source)) {
            // The source's first view: nothing of it to withdraw, so no set of what it offers and no sweep.
            for (Route r : routes) {
                offer(r.prefix(), origin.intern(r.facts()));
            }
            return;
        }
        Set<Prefix> offered = new HashSet<>(Math.max(16, routes.size() * 4 / 3 + 1));
        for (Route r : routes) {
            offer(r.prefix(), origin.intern(r.facts()));
            offered.add(r.prefix());
        }
        List<Prefix> gone = new ArrayList<>();
        origin.forEach((p, v) -> {
            if (!offered.contains(p) && OriginTable.candidateOf(v, source) != null) {
                gone.add(p);
            }
        });
        for (Prefix p : gone) {
            withdraw(p, source);
        }
    }

    /** Applies one source's delta: prefixes it now offers (with only its name) and prefixes it no longer offers. */
    void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
        RouteFacts plain = origin.intern(RouteFacts.of(source));
        for (Prefix p : removed) {
            withdraw(p, source);
        }
        for (Prefix p : added) {
            offer(p, plain);
        }
    }

    /** Applies one source's delta: routes it now offers or offers with new facts, and prefixes it no longer offers. */
    void update(String source, Collection<Route> upserted, Collection<Prefix> removed) {
        for (Prefix p : removed) {
            withdraw(p, source);
        }
        for (Route r : upserted) {
            if (!r.source().equals(source)) {
                throw new IllegalArgumentException("route " + r + " is not from source " + source);
            }
            offer(r.prefix(), origin.intern(r.facts()));
        }
    }

    private void offer(Prefix p, RouteFacts f) {
        offering.add(f.source());
        Object before = origin.get(p);
        if (origin.offer(p, f)) {
            remember(p, before);
        }
    }

    private void withdraw(Prefix p, String source) {
        Object before = origin.get(p);
        if (origin.withdraw(p, source)) {
            remember(p, before);
        }
    }

    private void remember(Prefix p, Object before) {
        if (!groups.isEmpty()) { // nobody to tell: nothing to remember (keeps start-up lean)
            changes.remember(p, before);
        }
    }
}
