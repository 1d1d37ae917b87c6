package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the RIB tells the operator: why a prefix is sent or not, a peer's Adj-RIB-Out, peers and groups. */
final class RibReports {
    private static final System.Logger LOG = System.getLogger("rib");

    private RibReports() {
    }

    /** A peer that came up: its next hop per family, or why a family's routes are not sent. */
    static void logNextHops(String peer, ExportContext ctx) {
        for (Map.Entry<Family, NextHop> e : ctx.self().entrySet()) {
            if (e.getValue() instanceof NextHop.Missing miss) {
                LOG.log(System.Logger.Level.WARNING, "peer {0}: {1} routes not sent: {2} (routes whose source gives a"
                        + " next hop of that family still are)", peer, e.getKey(), miss.reason());
            } else {
                LOG.log(System.Logger.Level.INFO, "peer {0}: {1} next hop {2}", peer, e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Which source object produced {@code prefix}, which candidates lost, and for every configured
     * or Established peer whether it is sent and, if not, why.
     */
    static RouteExplanation explain(Prefix prefix, OriginTable origin, Map<String, ExportPolicy> policies,
            UpdateGroups groups) {
        Object v = origin.get(prefix);
        List<RouteFacts> cands = OriginTable.candidates(v);
        RouteFacts winner = cands.isEmpty() ? null : cands.getFirst();
        List<RouteExplanation.PeerVerdict> verdicts = new ArrayList<>();
        Set<String> names = new java.util.LinkedHashSet<>(policies.keySet());
        groups.members().forEach(m -> names.add(m.name()));
        for (String name : names) {
            UpdateGroup.Member m = groups.member(name);
            if (m == null) {
                verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.SESSION_DOWN, "session not Established",
                        Optional.empty(), -1));
                continue;
            }
            UpdateGroup g = m.group;
            Decision d = g.exporter.decide(prefix, winner);
            if (d instanceof Decision.Send s) {
                if (g.heldBack(prefix)) {
                    verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.MAX_PREFIX_OUT, "maximum-prefix-out "
                            + g.context().policy().maxPrefixOut() + " reached", Optional.empty(), g.id));
                } else {
                    verdicts.add(new RouteExplanation.PeerVerdict(name, Verdict.SENT, g.exporter.degradedBy(prefix, winner),
                            Optional.of(s.advertisement()), g.id));
                }
            } else {
                Decision.Refuse r = (Decision.Refuse) d;
                verdicts.add(new RouteExplanation.PeerVerdict(name, r.verdict(), r.reason(), Optional.empty(), g.id));
            }
        }
        return new RouteExplanation(prefix, Optional.ofNullable(winner), cands.isEmpty() ? List.of()
                : cands.subList(1, cands.size()), verdicts);
    }

    /**
     * A peer's Adj-RIB-Out (what it was sent and holds now), sorted by prefix; empty when the peer
     * is not Established. {@code family} null: every family.
     */
    static List<AdjRibOutEntry> adjRibOut(String peerName, Family family, OriginTable origin, UpdateGroups groups) {
        UpdateGroup.Member m = groups.member(peerName);
        if (m == null) {
            return List.of();
        }
        List<AdjRibOutEntry> out = new ArrayList<>();
        origin.forEach((p, v) -> {
            if (family == null || Exporter.familyOf(p).equals(family)) {
                RouteFacts w = OriginTable.winner(v);
                Advertisement a = m.group.view(p, w);
                if (a != null) {
                    out.add(new AdjRibOutEntry(p, a, w.source()));
                }
            }
        });
        out.sort((x, y) -> x.prefix().compareTo(y.prefix()));
        return out;
    }

    /**
     * Per Established peer: next hop per family, routes in its Adj-RIB-Out per family, and the
     * output herald holds for it (prefixes waiting, bytes queued).
     */
    static List<PeerStatus> status(UpdateGroups groups) {
        List<PeerStatus> out = new ArrayList<>();
        for (UpdateGroup.Member m : groups.members()) {
            Map<Family, Integer> counts = new LinkedHashMap<>();
            for (Family f : m.group.context().self().keySet()) {
                counts.put(f, m.group.sent(f));
            }
            int pending = m.group.members.contains(m) ? m.group.pendingFor(m) : 0;
            out.add(new PeerStatus(m.name(), m.group.context().self(), counts, pending, m.sink.queuedBytes(),
                    m.group.exporter.holds()));
        }
        return out;
    }

    /** The update groups and their members. */
    static List<UpdateGroupStatus> updateGroups(UpdateGroups groups) {
        List<UpdateGroupStatus> out = new ArrayList<>();
        for (UpdateGroup g : groups.all()) {
            Map<Family, Integer> counts = new HashMap<>();
            for (Family f : g.context().families()) {
                counts.put(f, g.sent(f));
            }
            out.add(new UpdateGroupStatus(g.id, g.names(), counts, g.heldBackCount()));
        }
        return out;
    }
}
