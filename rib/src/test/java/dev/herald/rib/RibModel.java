package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every peer should hold, computed from scratch without the RIB's machinery: per prefix the
 * winner across sources (the configured order, then priority, then name), then the peer's policy
 * applied to it. Covers what {@link RibModelTest}'s policies use: families, allow/deny lists,
 * rules on the source and tags (deny, or actions added), next hop (source hint, self, fixed;
 * none at all for IPv6 over an IPv4 session without a configured one) and MED (source, fixed,
 * priority, none), communities. Not maximum-prefix-out: what it holds back depends on history.
 */
final class RibModel {
    private final List<String> order;
    /** Source to what it offers now. */
    private final Map<String, Map<Prefix, RouteFacts>> offers = new HashMap<>();

    RibModel(SourcePrecedence precedence) {
        this.order = precedence.order();
    }

    void offer(String source, Prefix p, RouteFacts f) {
        offers.computeIfAbsent(source, k -> new HashMap<>()).put(p, f);
    }

    void withdraw(String source, Prefix p) {
        Map<Prefix, RouteFacts> byPrefix = offers.get(source);
        if (byPrefix != null) {
            byPrefix.remove(p);
        }
    }

    void replace(String source, Map<Prefix, RouteFacts> routes) {
        offers.put(source, new HashMap<>(routes));
    }

    RouteFacts winner(Prefix p) {
        RouteFacts best = null;
        for (Map<Prefix, RouteFacts> byPrefix : offers.values()) {
            RouteFacts f = byPrefix.get(p);
            if (f != null && (best == null || better(f, best))) {
                best = f;
            }
        }
        return best;
    }

    private boolean better(RouteFacts a, RouteFacts b) {
        int c = Integer.compare(rank(a.source()), rank(b.source()));
        if (c == 0) {
            c = Long.compare(a.priority(), b.priority());
        }
        return c != 0 ? c < 0 : a.source().compareTo(b.source()) < 0;
    }

    private int rank(String source) {
        int i = order.indexOf(source);
        return i < 0 ? order.size() : i;
    }

    /** What a peer of this session and policy holds once everything is sent: prefix to route text. */
    Map<Prefix, String> expected(PeerSessionInfo session, ExportPolicy policy, Collection<Prefix> universe) {
        Map<Prefix, String> out = new TreeMap<>();
        for (Prefix p : universe) {
            RouteFacts w = winner(p);
            String route = w != null && sends(session, policy, p, w) ? route(session, policy, p, w) : null;
            if (route != null) {
                out.put(p, route);
            }
        }
        return out;
    }

    private static boolean sends(PeerSessionInfo session, ExportPolicy policy, Prefix p, RouteFacts w) {
        Family f = p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
        if (!session.families().contains(f) || !policy.families().isEmpty() && !policy.families().contains(f)) {
            return false;
        }
        if (!policy.allow().isEmpty() && policy.allow().stream().noneMatch(r -> r.matches(p))) {
            return false;
        }
        if (policy.deny().stream().anyMatch(r -> r.matches(p))) {
            return false;
        }
        for (ExportRule r : policy.rules()) {
            if (r.match().matches(p, f, w)) {
                return !r.deny();
            }
        }
        return true;
    }

    /** The route text, or null when there is no next hop to send it with. */
    private static String route(PeerSessionInfo session, ExportPolicy policy, Prefix p, RouteFacts w) {
        Family f = p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
        ExportActions a = policy.actions();
        for (ExportRule r : policy.rules()) {
            if (r.match().matches(p, f, w)) {
                a = a.then(r.set()); // the first matching rule adds its actions
                break;
            }
        }
        boolean v4 = p.afi() == Afi.IPV4;
        NextHopChoice choice = v4 ? a.nextHopIpv4() : a.nextHopIpv6();
        Optional<InetAddress> hint = v4 ? w.nextHopIpv4() : w.nextHopIpv6();
        // The sessions of the test run over IPv4: IPv6 routes go with the configured next hop, if any.
        byte[] self = v4 ? session.localAddress().getAddress()
                : session.nextHopIpv6().map(InetAddress::getAddress).orElse(null);
        byte[] nextHop = switch (choice) {
            case NextHopChoice.Fixed(InetAddress fixed) -> fixed.getAddress();
            case NextHopChoice.Keyword k when k == NextHopChoice.SOURCE && hint.isPresent() && !InetAddresses.isLinkLocal6(hint.get().getAddress())
                    -> hint.get().getAddress();
            default -> self;
        };
        if (nextHop == null) {
            return null;
        }
        Long med = switch (a.med()) {
            case null -> w.med().isPresent() ? w.med().getAsLong() : null;
            case MedChoice.Fixed m -> m.value();
            case MedChoice.Keyword.PRIORITY -> w.priority();
            case MedChoice.Keyword.NONE -> null;
        };
        long[] communities = a.communities().stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        return ReceivingPeer.route(nextHop, med, communities);
    }
}
