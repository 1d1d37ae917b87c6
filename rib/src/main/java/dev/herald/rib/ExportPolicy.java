package dev.herald.rib;

import dev.herald.codec.Family;
import java.util.List;
import java.util.Set;

/**
 * What one peer (or peer group) is sent. Checked in this order: the families, the allow-list (a
 * route outside it is never sent, whatever the rules say), the deny-list, then the rules (first
 * match decides; no match: sent with the policy's actions), then the maximum-prefix-out guard.
 * Equal policies give equal update groups, so it is a value.
 *
 * @param families       families exported; empty: every negotiated one
 * @param allow          prefix allow-list; empty: no allow-list
 * @param deny           prefix deny-list
 * @param actions        what every sent route gets (rules add to it)
 * @param rules          ordered rules
 * @param maxPrefixOut   at most this many prefixes per family are sent; 0: no limit
 * @param drain          the graceful-shutdown overlay ({@code herald drain}), applied after the rules; null: not drained
 * @param health         the health-check overlay, applied after the drain; the RIB sets it on every peer's policy
 */
public record ExportPolicy(Set<Family> families, List<PrefixRange> allow, List<PrefixRange> deny,
                           ExportActions actions, List<ExportRule> rules, long maxPrefixOut, Drain drain,
                           HealthGates health) {
    /** Every negotiated family, every route, the default actions. */
    public static final ExportPolicy DEFAULT = new ExportPolicy(Set.of(), List.of(), List.of(),
            ExportActions.DEFAULTS, List.of(), 0);

    /** Not drained. */
    public ExportPolicy(Set<Family> families, List<PrefixRange> allow, List<PrefixRange> deny,
                        ExportActions actions, List<ExportRule> rules, long maxPrefixOut) {
        this(families, allow, deny, actions, rules, maxPrefixOut, null);
    }

    /** No health checks. */
    public ExportPolicy(Set<Family> families, List<PrefixRange> allow, List<PrefixRange> deny,
                        ExportActions actions, List<ExportRule> rules, long maxPrefixOut, Drain drain) {
        this(families, allow, deny, actions, rules, maxPrefixOut, drain, HealthGates.NONE);
    }

    public ExportPolicy {
        families = Set.copyOf(families);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        rules = List.copyOf(rules);
        actions = ExportActions.DEFAULTS.then(actions);
        java.util.Objects.requireNonNull(health, "health");
        if (maxPrefixOut < 0) {
            throw new IllegalArgumentException("maxPrefixOut must not be negative");
        }
    }

    /**
     * This policy with {@code d} laid over it (null: not drained). A different value, so the RIB moves
     * the peer as for any policy change: only the difference is sent, coalesced, also mid-table.
     */
    public ExportPolicy withDrain(Drain d) {
        return new ExportPolicy(families, allow, deny, actions, rules, maxPrefixOut, d, health);
    }

    /** This policy with the health-check overlay {@code h} (the RIB's, the same for every peer). */
    ExportPolicy withHealth(HealthGates h) {
        return new ExportPolicy(families, allow, deny, actions, rules, maxPrefixOut, drain, h);
    }
}
