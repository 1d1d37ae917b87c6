package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel routes that match the filter, by prefix. The same prefix may be held by several
 * routes (other tables, other metrics, IPv6 next hops): herald announces a prefix while at
 * least one matching route holds it. Pure and single-threaded; changes are collected into a
 * net {@link Delta} (a prefix added and removed within one batch is no change at all).
 *
 * <p>Route identity follows the kernel. IPv4 keeps several routes in one slot (table, tos,
 * metric) when they are added with {@code ip route append} or {@code prepend} (other types,
 * protocols or next hops): a delete takes exactly the route it names, a replace takes the first
 * route of the slot. So IPv4 routes are kept per prefix in the kernel's order, matching or not
 * (a replace of a route that does not match may be what the kernel applies to the first of a slot
 * whose second one matches), and a prefix is announced while one of them matches. IPv6 keeps each
 * next hop of a multipath route as a route of its own (deleted one by one), and a replace takes one
 * route of the slot (table, metric) chosen by kind, not the whole slot: IPv6 routes are kept per
 * prefix in the kernel's order too, matching or not, one per next hop.
 */
public final class KernelRouteTable {
    private final KernelRouteFilter filter;
    /** Prefix to RouteKey, or RouteKey[] when several routes hold it. Never empty arrays. */
    private final Map<Prefix, Object> routes;
    /** Canonical keys, so a million routes share a handful of key objects. */
    private final Map<RouteKey, RouteKey> keys = new HashMap<>();
    /** Per touched prefix: its best route before the batch began (null = absent). */
    private final Map<Prefix, Best> before = new HashMap<>();
    private boolean tracking = true;

    public KernelRouteTable(KernelRouteFilter filter) {
        this(filter, 1024);
    }

    private KernelRouteTable(KernelRouteFilter filter, int capacity) {
        this.filter = filter;
        this.routes = HashMap.newHashMap(capacity);
    }

    /** An empty table for a full dump: no change tracking, since it is diffed as a whole. */
    public static KernelRouteTable forDump(KernelRouteFilter filter, int expectedSize) {
        KernelRouteTable t = new KernelRouteTable(filter, Math.max(16, expectedSize));
        t.tracking = false;
        return t;
    }

    /** Starts tracking changes (after a dump was loaded into it). */
    public void track() {
        tracking = true;
    }

    public KernelRouteFilter filter() {
        return filter;
    }

    /**
     * The identity of a kernel route within its prefix. IPv4 adds what tells the routes of one
     * slot apart (type, protocol, scope, next hops) and whether the route matches the filter.
     * Equality compares the gateway's bytes, which a record's own equals would not.
     */
    record RouteKey(int table, int tos, long metric, int oif, byte[] gateway, int type, int protocol, int scope,
                    boolean matches) {
        RouteKey(int table, int tos, long metric, int oif, byte[] gateway) {
            this(table, tos, metric, oif, gateway, 0, 0, 0, true);
        }

        boolean sameSlot(int t, int s, long m) {
            return table == t && tos == s && metric == m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RouteKey k && k.table == table && k.tos == tos && k.metric == metric && k.oif == oif
                    && Arrays.equals(k.gateway, gateway) && k.type == type && k.protocol == protocol && k.scope == scope
                    && k.matches == matches;
        }

        @Override
        public int hashCode() {
            return (((table * 31 + tos) * 31 + Long.hashCode(metric)) * 31 + oif * 7 + Arrays.hashCode(gateway)) * 31
                    + (type << 16 ^ protocol << 8 ^ scope);
        }
    }

    /** Applies one RTM_NEWROUTE / RTM_DELROUTE (matching or not: a replace may make a route stop matching). */
    public void apply(RouteMessage m) {
        if (!(m.isIpv4() || m.isIpv6()) || m.isCloned() || !filter.tableMatches(m.table())) {
            return;
        }
        Prefix p = m.prefix();
        if (p == null) {
            return;
        }
        boolean matches = filter.matches(m);
        if (m.isIpv4()) {
            applyV4(p, m, matches);
        } else {
            applyV6(p, m, matches);
        }
    }

    /**
     * An IPv4 change, as the kernel's fib_table_insert and fib_table_delete make it: a delete
     * removes the route it names; a replace the first route of the slot; an append (and each
     * route of a dump, listed in the kernel's order) goes after the slot's routes; a prepend
     * before them.
     */
    private void applyV4(Prefix p, RouteMessage m, boolean matches) {
        RouteKey k = canonical(v4Key(m, matches));
        List<RouteKey> list = list(p);
        if (m.deleted()) {
            if (list.remove(k)) {
                touch(p);
                store(p, list);
            }
            return;
        }
        if (list.contains(k)) {
            return; // already there: a notification the dump before it already showed
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).sameSlot(m.table(), m.tos(), m.priority())) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        int flags = m.nlFlags();
        if ((flags & Netlink.NLM_F_REPLACE) != 0 && first >= 0) {
            list.set(first, k);
        } else if ((flags & (Netlink.NLM_F_APPEND | Netlink.NLM_F_MULTI)) != 0 || first < 0) {
            list.add(last < 0 ? list.size() : last + 1, k);
        } else {
            list.add(first, k);
        }
        touch(p);
        store(p, list);
    }

    /** rtm_protocol of routes learnt from router advertisements (RTF_ADDRCONF): never ECMP siblings. */
    private static final int RTPROT_RA = 9;

    /**
     * An IPv6 change, as the kernel's fib6_add_rt2node and ip6_route_del make it. Each next hop is
     * a route of its own, identified within its slot (table, metric) by interface and gateway; the
     * gateway routes of a slot are one ECMP group (siblings). A delete removes the next hops it
     * names and nothing else. A replace takes the slot's first route of the new route's kind
     * (gateway or not, as the kernel's rt6_qualify_for_ecmp), else the slot's first route, and a
     * taken gateway route takes its siblings along; the notification says nothing of what it took,
     * so routes that do not match are kept too. An add (and each route of a dump) goes after the
     * slot's routes.
     */
    private void applyV6(Prefix p, RouteMessage m, boolean matches) {
        List<RouteKey> list = list(p);
        List<RouteKey> hops = new ArrayList<>(Math.max(1, m.nextHops().size()));
        for (RouteMessage.NextHop h : m.nextHops()) {
            hops.add(key(new RouteKey(m.table(), 0, m.priority(), h.oif(), h.gateway(), 0, m.protocol(), 0, matches)));
        }
        if (hops.isEmpty()) {
            hops.add(key(new RouteKey(m.table(), 0, m.priority(), 0, null, 0, m.protocol(), 0, matches)));
        }
        boolean changed = false;
        if (m.deleted()) {
            for (RouteKey k : hops) {
                int i = indexOfRoute(list, k);
                if (i >= 0) {
                    list.remove(i);
                    changed = true;
                }
            }
        } else {
            int at = (m.nlFlags() & Netlink.NLM_F_REPLACE) != 0 ? replaced(list, hops.getFirst()) : -1;
            if (at >= 0) {
                boolean group = ecmp(list.get(at));
                list.remove(at);
                // the slot's other gateway routes are the taken one's siblings; none comes before it
                for (int i = list.size() - 1; group && i >= at; i--) {
                    if (sameSlot(list.get(i), hops.getFirst()) && ecmp(list.get(i))) {
                        list.remove(i);
                    }
                }
                list.addAll(at, hops);
                changed = true;
            } else {
                for (RouteKey k : hops) {
                    if (indexOfRoute(list, k) < 0) { // else a notification the dump before it already showed
                        list.add(endOfSlot(list, k), k);
                        changed = true;
                    }
                }
            }
        }
        if (changed) {
            touch(p);
            store(p, list);
        }
    }

    /** Where a replace of {@code k} lands: the slot's first route of k's kind, else its first route; -1 when empty. */
    private static int replaced(List<RouteKey> list, RouteKey k) {
        int first = -1;
        for (int i = 0; i < list.size(); i++) {
            RouteKey e = list.get(i);
            if (sameSlot(e, k)) {
                if (ecmp(e) == ecmp(k)) {
                    return i;
                }
                first = first < 0 ? i : first;
            }
        }
        return first;
    }

    /** The first route of k's slot with k's interface and gateway (the kernel's rt6_duplicate_nexthop), or -1. */
    private static int indexOfRoute(List<RouteKey> list, RouteKey k) {
        for (int i = 0; i < list.size(); i++) {
            RouteKey e = list.get(i);
            // oif 0 (a message without RTA_OIF; the kernel always sends one for IPv6) matches any interface
            if (sameSlot(e, k) && Arrays.equals(e.gateway, k.gateway) && (e.oif == k.oif || e.oif == 0 || k.oif == 0)) {
                return i;
            }
        }
        return -1;
    }

    private static int endOfSlot(List<RouteKey> list, RouteKey k) {
        int end = list.size();
        for (int i = 0; i < list.size(); i++) {
            if (sameSlot(list.get(i), k)) {
                end = i + 1;
            }
        }
        return end;
    }

    private static boolean sameSlot(RouteKey a, RouteKey b) {
        return a.sameSlot(b.table, b.tos, b.metric);
    }

    /** Whether an IPv6 route joins ECMP groups: it has a gateway and was not learnt from an RA. */
    private static boolean ecmp(RouteKey k) {
        return k.gateway != null && k.protocol != RTPROT_RA;
    }

    private static RouteKey v4Key(RouteMessage m, boolean matches) {
        List<RouteMessage.NextHop> hops = m.nextHops();
        int oif = 0;
        byte[] gateway = null;
        if (hops.size() == 1) {
            oif = hops.getFirst().oif();
            gateway = hops.getFirst().gateway();
        } else if (hops.size() > 1) {
            // a multipath route: every next hop (interface and gateway) is part of its identity
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(hops.size() * 8);
            for (RouteMessage.NextHop h : hops) {
                b.putInt(h.oif());
                byte[] g = h.gateway();
                b.put(g == null || g.length != 4 ? new byte[4] : g);
            }
            oif = -1;
            gateway = b.array();
        }
        return new RouteKey(m.table(), m.tos(), m.priority(), oif, gateway, m.type(), m.protocol(), m.scope(), matches);
    }

    private List<RouteKey> list(Prefix p) {
        Object v = routes.get(p);
        List<RouteKey> out = new ArrayList<>(4);
        if (v instanceof RouteKey one) {
            out.add(one);
        } else if (v != null) {
            out.addAll(Arrays.asList((RouteKey[]) v));
        }
        return out;
    }

    private RouteKey key(RouteKey k) {
        if (k.gateway != null) {
            return k; // an IPv6 next hop is per-route data: do not grow the canonical map with it
        }
        return canonical(k);
    }

    /** IPv4 keys always: their next hops are few gateways shared by many routes. */
    private RouteKey canonical(RouteKey k) {
        RouteKey c = keys.putIfAbsent(k, k);
        return c == null ? k : c;
    }

    private void touch(Prefix p) {
        if (tracking && !before.containsKey(p)) {
            before.put(p, bestOf(routes.get(p)));
        }
    }

    private void store(Prefix p, List<RouteKey> keep) {
        if (keep.isEmpty()) {
            routes.remove(p);
        } else if (keep.size() == 1) {
            routes.put(p, keep.getFirst());
        } else {
            routes.put(p, keep.toArray(RouteKey[]::new));
        }
    }

    /**
     * What the facts of a prefix's route come from: the lowest metric among the routes holding it
     * and the table of that route (the lowest table on a tie).
     */
    record Best(long metric, int table) {
    }

    /** The best matching route, or null when none matches (an IPv4 prefix may hold only routes that do not). */
    private static Best bestOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof RouteKey k) {
            return k.matches ? new Best(k.metric, k.table) : null;
        }
        RouteKey best = null;
        for (RouteKey k : (RouteKey[]) v) {
            if (k.matches && (best == null || k.metric < best.metric || (k.metric == best.metric && k.table < best.table))) {
                best = k;
            }
        }
        return best == null ? null : new Best(best.metric, best.table);
    }

    /**
     * Whether an IPv4 route herald keeps (matching or not) goes out through interface {@code oif}
     * (0: through any interface): such routes vanish without notice when the link goes down.
     */
    public boolean holdsIpv4Via(int oif) {
        for (Map.Entry<Prefix, Object> e : routes.entrySet()) {
            if (e.getKey().afi() != dev.herald.codec.Afi.IPV4) {
                continue;
            }
            Object v = e.getValue();
            for (RouteKey k : v instanceof RouteKey one ? new RouteKey[] {one} : (RouteKey[]) v) {
                if (k.oif > 0 ? oif == 0 || k.oif == oif : k.oif < 0 && multipathVia(k.gateway, oif)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A multipath key's next hops are (oif, gateway) pairs of 8 bytes. */
    private static boolean multipathVia(byte[] hops, int oif) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(hops);
        for (int i = 0; i + 8 <= hops.length; i += 8) {
            int o = b.getInt(i);
            if (o != 0 && (oif == 0 || o == oif)) {
                return true;
            }
        }
        return false;
    }

    public boolean contains(Prefix p) {
        return bestOf(routes.get(p)) != null;
    }

    /** The announced prefixes (a count over the table: for logs and sizes, not per change). */
    public int size() {
        int n = 0;
        for (Object v : routes.values()) {
            if (bestOf(v) != null) {
                n++;
            }
        }
        return n;
    }

    /** The table of the lowest-metric route holding p (the lowest table on a tie), or -1 when none does. */
    public int table(Prefix p) {
        Best b = bestOf(routes.get(p));
        return b == null ? -1 : b.table();
    }

    /** The lowest metric of the matching routes holding p, or -1 when none does. */
    public long metric(Prefix p) {
        Best b = bestOf(routes.get(p));
        return b == null ? -1 : b.metric();
    }

    /** Every announced prefix. */
    public Set<Prefix> prefixes() {
        Set<Prefix> out = HashSet.newHashSet(routes.size());
        routes.forEach((p, v) -> {
            if (bestOf(v) != null) {
                out.add(p);
            }
        });
        return out;
    }

    /** Every announced prefix with its best route's metric and table. */
    public List<KernelPrefix> snapshot() {
        List<KernelPrefix> out = new ArrayList<>(routes.size());
        routes.forEach((p, v) -> {
            Best b = bestOf(v);
            if (b != null) {
                out.add(KernelPrefix.of(p, b));
            }
        });
        return out;
    }

    /** What changed since the last call (or since tracking began), and forgets it. */
    public Delta takeDelta() {
        List<Prefix> added = new ArrayList<>();
        List<Prefix> removed = new ArrayList<>();
        List<KernelPrefix> changed = new ArrayList<>();
        before.forEach((p, was) -> {
            Best now = bestOf(routes.get(p));
            if (was == null && now != null) {
                added.add(p);
            } else if (was != null && now == null) {
                removed.add(p);
            } else if (was != null && !was.equals(now)) {
                changed.add(KernelPrefix.of(p, now));
            }
        });
        before.clear();
        return new Delta(added, removed, changed);
    }

    /** True when changes are waiting in {@link #takeDelta()}. */
    public boolean hasPendingChanges() {
        return !before.isEmpty();
    }

    /** What turns {@code from} into {@code to}: the difference a resync must announce. */
    public static Delta diff(KernelRouteTable from, KernelRouteTable to) {
        List<Prefix> added = new ArrayList<>();
        List<Prefix> removed = new ArrayList<>();
        List<KernelPrefix> changed = new ArrayList<>();
        to.routes.forEach((p, v) -> {
            Best was = bestOf(from.routes.get(p));
            Best now = bestOf(v);
            if (now == null) {
                return; // only routes that do not match: not announced
            }
            if (was == null) {
                added.add(p);
            } else if (!was.equals(now)) {
                changed.add(KernelPrefix.of(p, now));
            }
        });
        from.routes.forEach((p, v) -> {
            if (bestOf(v) != null && !to.contains(p)) {
                removed.add(p);
            }
        });
        return new Delta(added, removed, changed);
    }

    /**
     * A net change: prefixes that became announced, that are no longer announced, and that stay
     * announced with another best route (lowest metric, or its table): the route's facts changed.
     */
    public record Delta(List<Prefix> added, List<Prefix> removed, List<KernelPrefix> changed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        @Override
        public String toString() {
            return "+" + added.size() + " -" + removed.size() + " facts changed " + changed.size();
        }
    }
}
