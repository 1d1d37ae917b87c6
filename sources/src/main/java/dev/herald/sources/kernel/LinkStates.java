package dev.herald.sources.kernel;

import java.util.HashMap;
import java.util.Map;

/**
 * Which links are up, by interface index, to notice the one change the kernel does not report
 * route by route: when an IPv4 link goes down or away, the kernel drops the IPv4 routes through it
 * (fib_sync_down_dev) and sends no RTM_DELROUTE for them (IPv6 does send them). Pure; the
 * reader thread's.
 */
final class LinkStates {
    private final Map<Integer, Boolean> up = new HashMap<>();

    /** Forgets everything (before a link dump). */
    void clear() {
        up.clear();
    }

    /**
     * Records {@code l}; returns the index of a link that was up and is now down or deleted (its
     * IPv4 routes are gone without notice), else 0. A link first seen down drops nothing.
     */
    int apply(NetlinkMessage.Link l) {
        Boolean was = l.deleted() ? up.remove(l.index()) : up.put(l.index(), l.up());
        return Boolean.TRUE.equals(was) && !l.up() ? l.index() : 0;
    }
}
