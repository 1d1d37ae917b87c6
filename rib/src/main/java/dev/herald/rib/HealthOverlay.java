package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * The gates of {@link HealthGates} that are Down, as one exporter applies them after the rules and
 * the drain. Only Down gates are kept: with every check healthy it costs one empty-list check per
 * decision.
 */
final class HealthOverlay {
    private final List<HealthGates.Gate> down;
    /** Per Down gate: its refusal when it withdraws, else null; made once, not per prefix. */
    private final Decision.Refuse[] refusals;
    /** Per Down gate: the routes it holds among those its exporter's policy lets through (see Exporter). */
    private final int[] held;

    HealthOverlay(HealthGates gates) {
        this.down = gates.down();
        this.refusals = new Decision.Refuse[down.size()];
        this.held = new int[down.size()];
        for (int i = 0; i < down.size(); i++) {
            HealthGates.Gate g = down.get(i);
            if (g.announcement() == HealthGates.Announcement.WITHDRAWN) {
                refusals[i] = new Decision.Refuse(Verdict.HEALTH_CHECK, "held back by health check " + g.check()
                        + ", down since " + g.since());
            }
        }
    }

    /** The Down gates that hold {@code p} with winner {@code facts}, by index; null when none does. */
    BitSet holding(Prefix p, Family f, RouteFacts facts) {
        BitSet out = null;
        for (int i = 0; i < down.size(); i++) {
            if (down.get(i).selector().matches(p, f, facts)) {
                if (out == null) {
                    out = new BitSet(down.size());
                }
                out.set(i);
            }
        }
        return out;
    }

    /** The refusal of the first withdrawing gate in {@code held}, or null when they all degrade. */
    Decision.Refuse refusal(BitSet held) {
        for (int i = held.nextSetBit(0); i >= 0; i = held.nextSetBit(i + 1)) {
            if (refusals[i] != null) {
                return refusals[i];
            }
        }
        return null;
    }

    /**
     * {@code a} with every degrading gate of {@code held} laid over it: the highest of their MEDs
     * (the least preferred wins, whatever the gates' order), their prepends added (capped at 64), their
     * communities added once each, also when the policy or the drain has them already.
     */
    ExportActions degrade(ExportActions a, BitSet held) {
        long med = -1;
        int prepend = Math.max(0, a.prepend());
        List<Long> communities = a.communities();
        for (int i = held.nextSetBit(0); i >= 0; i = held.nextSetBit(i + 1)) {
            OnFailure.Degrade d = (OnFailure.Degrade) down.get(i).onFailure();
            if (d.med().isPresent()) {
                med = Math.max(med, d.med().getAsLong());
            }
            prepend = Math.min(64, prepend + d.prepend());
            for (Long c : d.communities()) {
                if (!communities.contains(c)) {
                    communities = communities == a.communities() ? new ArrayList<>(communities) : communities;
                    communities.add(c);
                }
            }
        }
        return new ExportActions(a.nextHopIpv4(), a.nextHopIpv6(), communities, a.extendedCommunities(),
                a.largeCommunities(), med >= 0 ? new MedChoice.Fixed(med) : a.med(), a.localPref(), prepend);
    }

    /** For {@code routes --explain}: the degrading gates of {@code held} and since when, "" when none. */
    String degradedBy(BitSet held) {
        List<String> out = new ArrayList<>();
        for (int i = held.nextSetBit(0); i >= 0; i = held.nextSetBit(i + 1)) {
            if (refusals[i] == null) {
                out.add(down.get(i).check() + " (down since " + down.get(i).since() + ")");
            }
        }
        return out.isEmpty() ? "" : "degraded by health check " + String.join(", ", out);
    }

    void count(BitSet gates, int sign) {
        for (int i = gates.nextSetBit(0); i >= 0; i = gates.nextSetBit(i + 1)) {
            held[i] += sign;
        }
    }

    void resetCounts() {
        java.util.Arrays.fill(held, 0);
    }

    /** Each Down gate with its count (a check with several gates: one entry per gate), 0 when it holds none of these. */
    List<HealthHold> holds() {
        List<HealthHold> out = new ArrayList<>(down.size());
        for (int i = 0; i < down.size(); i++) {
            HealthGates.Gate g = down.get(i);
            out.add(new HealthHold(g.check(), g.announcement(), g.since(), held[i]));
        }
        return out;
    }

    boolean idle() {
        return down.isEmpty();
    }
}
