package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the origin table looked like, for each prefix that changed since the last flush, before
 * its first change: so that a flush gives the groups each prefix's transition once, however often
 * it changed meanwhile (a prefix that came and went is no transition at all).
 */
final class OriginChanges {
    /** Marks "no candidates". */
    private static final Object ABSENT = new Object();

    private final Map<Prefix, Object> before = new LinkedHashMap<>();

    /** {@code p} changed; {@code was} is its value in the origin table before this change. */
    void remember(Prefix p, Object was) {
        before.putIfAbsent(p, was == null ? ABSENT : was);
    }

    boolean isEmpty() {
        return before.isEmpty();
    }

    /**
     * Hands every group its members' transitions (counts and maximum-prefix-out; what goes out is
     * computed when the members can write), and marks the prefixes changed in tables on their way.
     */
    void apply(UpdateGroups groups, OriginTable origin) {
        if (before.isEmpty()) {
            return;
        }
        for (UpdateGroup g : groups.all()) {
            InitialTable sync = g.sync;
            if (sync != null) {
                for (Prefix p : before.keySet()) {
                    sync.changed(p);
                }
            }
            if (!g.admitted) {
                continue; // only joining members: their initial table shows the current state
            }
            UpdateBatch accounting = new UpdateBatch();
            for (Map.Entry<Prefix, Object> e : before.entrySet()) {
                Prefix p = e.getKey();
                RouteFacts was = OriginTable.winner(e.getValue() == ABSENT ? null : e.getValue());
                RouteFacts now = OriginTable.winner(origin.get(p));
                if (was != now) {
                    Advertisement sent = g.view(p, was);
                    g.transition(p, was, now, accounting);
                    g.changed(p, sent);
                }
            }
            g.releaseHeldBack(origin, accounting, p -> {
                g.changed(p, null); // held back: nobody was sent it
                if (sync != null) {
                    sync.changed(p);
                }
            });
        }
        before.clear();
    }
}
