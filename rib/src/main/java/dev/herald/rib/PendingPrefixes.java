package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Prefixes whose latest state some peers have not been sent yet, each with the state those peers
 * hold for it: what they were last sent (an {@link Advertisement}, or nothing). Only the first
 * change of a prefix is recorded; later ones change nothing here, since what goes out is computed
 * when the peers can write, from the Adj-RIB-Out as it is then. So the size is bounded by the
 * number of distinct prefixes, never by the number of changes: an announce then withdraw of a
 * prefix never sent leaves nothing to send, a withdraw then announce one announcement.
 *
 * <p>Oldest change first, so a peer that is slowly catching up hears about long-waiting prefixes
 * before new ones (BIRD's prefix buckets, RFC 4271 9.2 "the most recent" state only).
 */
final class PendingPrefixes {
    /** "The peers hold nothing for this prefix" (a map value cannot be null here). */
    private static final Object NOTHING = new Object();
    /**
     * "The peers may hold a route for this prefix that goes at the next EoRR": equal to no real
     * advertisement (it has no next hop), so the current state is sent whatever it is.
     */
    static final Advertisement UNKNOWN = new Advertisement(dev.herald.codec.Family.IPV4_UNICAST, java.util.List.of(),
            new byte[0]);
    private final LinkedHashMap<Prefix, Object> held = new LinkedHashMap<>();

    /** {@code p} changes; unless it already waits, its peers hold {@code sent} (null: nothing). */
    void changed(Prefix p, Advertisement sent) {
        held.putIfAbsent(p, sent == null ? NOTHING : sent);
    }

    /** Every prefix of {@code other} that does not wait here already, with what its peers hold. */
    void addAll(PendingPrefixes other) {
        other.held.forEach(held::putIfAbsent);
    }

    boolean contains(Prefix p) {
        return held.containsKey(p);
    }

    /** What the peers hold for {@code p}; null for nothing (only meaningful when {@link #contains}). */
    Advertisement held(Prefix p) {
        return advertisement(held.get(p));
    }

    /** The peers were just sent {@code p}'s current state directly (an answer to a ROUTE-REFRESH). */
    void sent(Prefix p) {
        held.remove(p);
    }

    int size() {
        return held.size();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    void clear() {
        held.clear();
    }

    /** Removes up to {@code max} prefixes, oldest first, telling {@code action} each with what its peers hold. */
    void take(int max, BiConsumer<Prefix, Advertisement> action) {
        Iterator<Map.Entry<Prefix, Object>> it = held.entrySet().iterator();
        for (int n = 0; n < max && it.hasNext(); n++) {
            Map.Entry<Prefix, Object> e = it.next();
            it.remove();
            action.accept(e.getKey(), advertisement(e.getValue()));
        }
    }

    /**
     * A BoRR went out (RFC 7313 4): the peer drops at the EoRR every route of the family not
     * announced since, so what it holds for the prefixes {@code which} accepts is no longer known.
     */
    void unknown(java.util.function.Predicate<Prefix> which) {
        held.replaceAll((p, v) -> which.test(p) ? UNKNOWN : v);
    }

    /**
     * The answer to a ROUTE-REFRESH passed {@code p} without announcing it while it waited here:
     * what the peer holds for it goes at the EoRR, so it is no longer known.
     */
    void unknown(Prefix p) {
        held.computeIfPresent(p, (k, v) -> UNKNOWN);
    }

    /** Removes every prefix {@code which} accepts, telling {@code action} each with what its peers hold. */
    void take(java.util.function.Predicate<Prefix> which, BiConsumer<Prefix, Advertisement> action) {
        for (Iterator<Map.Entry<Prefix, Object>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Prefix, Object> e = it.next();
            if (which.test(e.getKey())) {
                it.remove();
                action.accept(e.getKey(), advertisement(e.getValue()));
            }
        }
    }

    /** Calls {@code action} for each prefix with what its peers hold, changing nothing. */
    void forEach(BiConsumer<Prefix, Advertisement> action) {
        held.forEach((p, v) -> action.accept(p, advertisement(v)));
    }

    private static Advertisement advertisement(Object v) {
        return v instanceof Advertisement a ? a : null;
    }
}
