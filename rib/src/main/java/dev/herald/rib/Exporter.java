package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.PathAttribute;
import dev.herald.codec.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Export policy as a pure function of (prefix, winning facts) for one {@link ExportContext}. The
 * result only depends on the prefix for the prefix conditions; the attributes only on the facts
 * and the rule that matched, so they are computed once per (facts, rule, family) and the same
 * {@link Advertisement} object is returned for every prefix that shares them.
 */
final class Exporter {
    private final ExportContext ctx;
    private final ExportPolicy policy;
    /** Keyed by identity: the origin table interns facts. */
    private final Map<RouteFacts, Decision[]> cache = new java.util.IdentityHashMap<>();
    private final Map<Advertisement, Advertisement> interned = new HashMap<>();
    private final HealthOverlay health;
    /**
     * Decisions of routes a degrading health gate holds: the gates are part of the key, since they depend
     * on the prefix too (a gate's selector may name prefixes), so {@link #cache} cannot hold them.
     */
    private final Map<Degraded, Decision> degraded = new HashMap<>();

    private record Degraded(RouteFacts facts, int slot, java.util.BitSet gates) {
    }

    /**
     * Per family (IPv4, IPv6 unicast): negotiated with the peers, and let through by the policy's
     * families; asked for every prefix of every table walk, so worked out once.
     */
    private final boolean[] negotiated = new boolean[2];
    private final boolean[] exported = new boolean[2];

    Exporter(ExportContext ctx) {
        this.ctx = ctx;
        this.policy = ctx.policy();
        this.health = new HealthOverlay(policy.health());
        for (Family f : Family.ALL) {
            int i = f.afi() == Afi.IPV4 ? 0 : 1;
            negotiated[i] = ctx.families().contains(f);
            exported[i] = policy.families().isEmpty() || policy.families().contains(f);
        }
    }

    ExportContext context() {
        return ctx;
    }

    static Family familyOf(Prefix p) {
        return p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
    }

    /** The decision for {@code p} whose winning candidate is {@code facts}; facts null: not offered. */
    Decision decide(Prefix p, RouteFacts facts) {
        if (facts == null) {
            return new Decision.Refuse(Verdict.NOT_OFFERED, "no source offers " + p);
        }
        Family f = familyOf(p);
        int fi = f.afi() == Afi.IPV4 ? 0 : 1;
        if (!negotiated[fi]) {
            return new Decision.Refuse(Verdict.FAMILY_NOT_NEGOTIATED, f + " was not negotiated with this peer");
        }
        if (!exported[fi]) {
            return new Decision.Refuse(Verdict.FILTERED, "export families " + policy.families() + " leave out " + f);
        }
        if (!policy.allow().isEmpty() && RouteMatch.anyMatches(policy.allow(), p) == null) {
            return new Decision.Refuse(Verdict.FILTERED, "outside the allow-list");
        }
        PrefixRange denied = RouteMatch.anyMatches(policy.deny(), p);
        if (denied != null) {
            return new Decision.Refuse(Verdict.FILTERED, "deny-list entry " + denied);
        }
        int ruleIndex = -1;
        List<ExportRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).match().matches(p, f, facts)) {
                ruleIndex = i;
                break;
            }
        }
        if (ruleIndex >= 0 && rules.get(ruleIndex).deny()) {
            return new Decision.Refuse(Verdict.FILTERED, "denied by " + rules.get(ruleIndex).name());
        }
        int slot = (ruleIndex + 1) * 2 + fi;
        java.util.BitSet held = health.idle() ? null : health.holding(p, f, facts);
        if (held != null) {
            return gated(f, facts, ruleIndex, slot, held);
        }
        if (cache.size() > 65536) {
            cache.clear(); // facts that churn (kernel metrics) must not pile up
        }
        Decision[] byRule = cache.computeIfAbsent(facts, k -> new Decision[(rules.size() + 1) * 2]);
        Decision d = byRule[slot];
        if (d == null) {
            d = attributes(f, facts, actions(ruleIndex));
            byRule[slot] = d;
        }
        return d;
    }

    /** The actions after the rule {@code ruleIndex} (-1: none) and the drain. */
    private ExportActions actions(int ruleIndex) {
        ExportActions a = ruleIndex < 0 ? policy.actions() : policy.actions().then(policy.rules().get(ruleIndex).set());
        return policy.drain() != null ? policy.drain().apply(a) : a;
    }

    /** For a route {@link #decide} sends: the health checks degrading it and since when, "" when none. */
    String degradedBy(Prefix p, RouteFacts facts) {
        java.util.BitSet held = health.idle() || facts == null ? null : health.holding(p, familyOf(p), facts);
        return held == null ? "" : health.degradedBy(held);
    }

    /**
     * Counts {@code p} ({@code sign} 1: now, -1: no longer) for each Down gate holding it, when its
     * decision {@code d} got past the policy to the gates (refused by a check, or sent): the routes a
     * check keeps from the group. Costs nothing while every check is healthy.
     */
    void countHolds(Prefix p, RouteFacts facts, Decision d, int sign) {
        if (health.idle() || facts == null
                || d instanceof Decision.Refuse r && r.verdict() != Verdict.HEALTH_CHECK) {
            return;
        }
        java.util.BitSet held = health.holding(p, familyOf(p), facts);
        if (held != null) {
            health.count(held, sign);
        }
    }

    void resetHolds() {
        health.resetCounts();
    }

    /** The Down gates and how many of this group's routes each holds. */
    List<HealthHold> holds() {
        return health.holds();
    }

    /** A route Down health gates hold: refused by a withdrawing one, else degraded by them all. */
    private Decision gated(Family f, RouteFacts facts, int ruleIndex, int slot, java.util.BitSet held) {
        Decision.Refuse refused = health.refusal(held);
        if (refused != null) {
            return refused;
        }
        if (degraded.size() > 65536) {
            degraded.clear();
        }
        return degraded.computeIfAbsent(new Degraded(facts, slot, held),
                k -> attributes(f, facts, health.degrade(actions(ruleIndex), held)));
    }

    private Decision attributes(Family f, RouteFacts facts, ExportActions a) {
        NextHopChoice choice = f.afi() == Afi.IPV4 ? a.nextHopIpv4() : a.nextHopIpv6();
        Object nh = nextHop(f, facts, choice);
        if (nh instanceof String reason) {
            return new Decision.Refuse(Verdict.NO_NEXT_HOP, reason);
        }
        List<PathAttribute> attrs = new ArrayList<>(8);
        attrs.add(PathAttribute.Origin.IGP);
        if (ctx.internal()) {
            attrs.add(PathAttribute.AsPath.EMPTY); // RFC 4271 5.1.2: originated routes to iBGP peers
        } else {
            long[] path = new long[1 + Math.max(0, a.prepend())];
            java.util.Arrays.fill(path, ctx.localAsn());
            attrs.add(PathAttribute.AsPath.sequence(path));
        }
        Long med = switch (a.med()) {
            case null -> facts.med().isPresent() ? facts.med().getAsLong() : null;
            case MedChoice.Fixed m -> m.value();
            case MedChoice.Keyword.PRIORITY -> Math.clamp(facts.priority(), 0L, 0xFFFF_FFFFL);
            case MedChoice.Keyword.NONE -> null;
        };
        if (med != null) {
            attrs.add(new PathAttribute.MultiExitDisc(Math.clamp(med, 0L, 0xFFFF_FFFFL)));
        }
        if (ctx.internal()) {
            attrs.add(new PathAttribute.LocalPref(a.localPref().orElse(ExportActions.DEFAULT_LOCAL_PREF)));
        }
        if (!a.communities().isEmpty()) {
            attrs.add(Communities.standard(a.communities().stream().mapToLong(Long::longValue).toArray()));
        }
        if (!a.extendedCommunities().isEmpty()) {
            attrs.add(Communities.extended(a.extendedCommunities().stream().mapToLong(Long::longValue).toArray()));
        }
        if (!a.largeCommunities().isEmpty()) {
            attrs.add(Communities.large(a.largeCommunities().stream()
                    .map(c -> new long[] {c.global(), c.data1(), c.data2()}).toList()));
        }
        Advertisement adv = new Advertisement(f, attrs, (byte[]) nh);
        return new Decision.Send(interned.computeIfAbsent(adv, k -> k));
    }

    /** The next-hop bytes, or a String saying why there are none. */
    private Object nextHop(Family f, RouteFacts facts, NextHopChoice choice) {
        boolean v4 = f.afi() == Afi.IPV4;
        if (choice instanceof NextHopChoice.Fixed(InetAddress a)) {
            byte[] b = a.getAddress();
            if ((b.length == 4) != v4) {
                return "the policy's next hop " + InetAddresses.toText(a) + " is not of " + f;
            }
            return b;
        }
        if (choice == NextHopChoice.SOURCE) {
            Optional<InetAddress> hint = v4 ? facts.nextHopIpv4() : facts.nextHopIpv6();
            if (hint.isPresent() && !InetAddresses.isLinkLocal6(hint.get().getAddress())) {
                return hint.get().getAddress();
            }
        }
        NextHop self = ctx.self().get(f);
        if (self instanceof NextHop.Valid v) {
            return v.bytes();
        }
        return self instanceof NextHop.Missing m ? m.reason() : "no next hop for " + f;
    }
}
