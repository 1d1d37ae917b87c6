package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Conditions on a router's table, for {@link Router#awaitRoutes}. */
public final class RouteChecks {
    private RouteChecks() {
    }

    /** The first global (non link-local) next hop, if any. */
    public static Optional<InetAddress> globalNextHop(ReceivedRoute r) {
        return r.nextHops().stream().filter(a -> !a.isLinkLocalAddress()).findFirst();
    }

    /** A path for {@code prefix} whose global next hop is {@code nextHop} and whose AS path is {@code asPath}. */
    public static boolean has(List<ReceivedRoute> table, IpPrefix prefix, InetAddress nextHop, List<Long> asPath) {
        return table.stream().anyMatch(r -> r.prefix().equals(prefix)
                && globalNextHop(r).map(nextHop::equals).orElse(false)
                && r.asPath().equals(asPath));
    }

    /** Every prefix in {@code prefixes} present with that next hop and AS path. */
    public static Predicate<List<ReceivedRoute>> allOf(Set<IpPrefix> prefixes, InetAddress nextHop, List<Long> asPath) {
        return t -> prefixes.stream().allMatch(p -> has(t, p, nextHop, asPath));
    }

    /** None of {@code prefixes} present (from anyone). */
    public static Predicate<List<ReceivedRoute>> noneOf(Set<IpPrefix> prefixes) {
        return t -> t.stream().noneMatch(r -> prefixes.contains(r.prefix()));
    }

    /** "missing A, unexpected B": how {@code got} differs from {@code expected}, each side sorted. */
    public static String difference(Set<IpPrefix> expected, Set<IpPrefix> got) {
        Set<IpPrefix> missing = new java.util.TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
        missing.addAll(expected);
        missing.removeAll(got);
        Set<IpPrefix> extra = new java.util.TreeSet<>(java.util.Comparator.comparing(IpPrefix::toString));
        extra.addAll(got);
        extra.removeAll(expected);
        return "missing " + missing + ", unexpected " + extra;
    }

    public static Set<IpPrefix> prefixes(List<ReceivedRoute> table) {
        return table.stream().map(ReceivedRoute::prefix).collect(Collectors.toSet());
    }
}
