package dev.herald.bgpd.daemon;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which peers are drained ({@code herald drain}, RFC 8326), since when and why. Daemon state, not
 * config: a reload keeps it. A drain of the whole daemon also covers peers a reload adds, as FRR's
 * {@code bgp graceful-shutdown} does.
 */
final class Drains {
    private volatile DrainView all;
    private final Map<String, DrainView> peers = new ConcurrentHashMap<>();

    /** Drains every peer, now and added later. */
    void drainAll(DrainView s) {
        all = s;
    }

    void drain(String peer, DrainView s) {
        peers.putIfAbsent(peer, s);
    }

    /** Ends every drain. */
    void undrainAll() {
        all = null;
        peers.clear();
    }

    /** Ends {@code peer}'s own drain; false when the whole daemon is drained (that cannot be undone for one peer). */
    boolean undrain(String peer) {
        if (all != null) {
            return false;
        }
        peers.remove(peer);
        return true;
    }

    /** The drain that covers {@code peer}: its own, else the daemon's. */
    Optional<DrainView> of(String peer) {
        DrainView own = peers.get(peer);
        return Optional.ofNullable(own != null ? own : all);
    }

    /** The drain of the whole daemon, if any. */
    Optional<DrainView> all() {
        return Optional.ofNullable(all);
    }

    /** Forgets peers a reload removed. */
    void retain(java.util.Collection<String> names) {
        peers.keySet().retainAll(names);
    }
}
