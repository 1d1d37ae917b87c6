package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefixes a peer may still hold from before its table is (re)built in another update group: it
 * waits for that table, or receives it in slices, and meanwhile hears no delta, so nothing else
 * says which of them are withdrawn or filtered by now. The end of the table withdraws each one the
 * group does not send at that moment (RFC 4271 9.1.3), after the table re-announced the others.
 * A superset is safe (a withdrawal of a route the peer does not hold changes nothing); a missing
 * prefix is a route the peer keeps for ever. Kept in a {@link PrefixMap}, so even a whole table
 * costs some 25 bytes per prefix, and only while the peer's table is on its way.
 */
final class StalePrefixes {
    private final PrefixMap prefixes = new PrefixMap();

    void add(Prefix p) {
        prefixes.put(p, Boolean.TRUE);
    }

    boolean isEmpty() {
        return prefixes.size() == 0;
    }

    /**
     * Adds to {@code batch} a withdrawal of every prefix that {@code g} does not send now, and
     * forgets those (they are no longer held once the batch is sent).
     */
    void withdrawUnsent(UpdateGroup g, OriginTable origin, UpdateBatch batch) {
        List<Prefix> gone = new ArrayList<>();
        prefixes.forEach((p, x) -> {
            if (g.view(p, OriginTable.winner(origin.get(p))) == null) {
                gone.add(p);
            }
        });
        for (Prefix p : gone) {
            prefixes.remove(p); // not while walking: forEach must not be combined with changes
            batch.withdraw(p);
        }
    }
}
