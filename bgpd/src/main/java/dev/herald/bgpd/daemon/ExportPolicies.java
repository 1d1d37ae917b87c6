package dev.herald.bgpd.daemon;

import dev.herald.config.ExportPolicyConfig;
import dev.herald.rib.ExportActions;
import dev.herald.rib.ExportPolicy;
import dev.herald.rib.ExportRule;
import dev.herald.rib.MedChoice;
import dev.herald.rib.NextHopChoice;
import dev.herald.rib.RouteMatch;
import java.util.List;
import java.util.Optional;

/** Turns a peer's {@code export} from the config into the RIB's {@link ExportPolicy}. */
final class ExportPolicies {
    private ExportPolicies() {
    }

    static ExportPolicy of(ExportPolicyConfig c) {
        List<ExportRule> rules = c.rules().stream().map(r -> new ExportRule(r.name(),
                new RouteMatch(r.prefixes(), r.families(), r.sources(), r.tags()), r.deny(),
                actions(r.set()))).toList();
        return new ExportPolicy(c.families(), c.allow(), c.deny(), actions(c.set()), rules,
                c.maxPrefixOut());
    }

    private static ExportActions actions(ExportPolicyConfig.Actions a) {
        return new ExportActions(nextHop(a.nextHopIpv4()), nextHop(a.nextHopIpv6()), a.communities(),
                a.extendedCommunities(), a.largeCommunities().stream()
                        .map(l -> new ExportActions.LargeCommunity(l.get(0), l.get(1), l.get(2))).toList(),
                a.med().map(ExportPolicies::med).orElse(null), a.localPref(), a.asPathPrepend());
    }

    private static NextHopChoice nextHop(Optional<ExportPolicyConfig.NextHop> n) {
        return n.<NextHopChoice>map(x -> switch (x) {
            case ExportPolicyConfig.NextHop.Self s -> NextHopChoice.SELF;
            case ExportPolicyConfig.NextHop.Source s -> NextHopChoice.SOURCE;
            case ExportPolicyConfig.NextHop.Fixed f -> new NextHopChoice.Fixed(f.address());
        }).orElse(null);
    }

    private static MedChoice med(ExportPolicyConfig.Med m) {
        return switch (m) {
            case ExportPolicyConfig.Med.Fixed f -> new MedChoice.Fixed(f.value());
            case ExportPolicyConfig.Med.Priority p -> MedChoice.PRIORITY;
            case ExportPolicyConfig.Med.None n -> MedChoice.NONE;
        };
    }
}
