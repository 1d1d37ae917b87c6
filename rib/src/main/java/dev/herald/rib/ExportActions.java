package dev.herald.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What export policy sets on a route. In a rule, an absent value (null, empty, -1) keeps the
 * policy's own; communities of a rule are added to the policy's.
 *
 * @param nextHopIpv4          next hop for IPv4 routes; null: inherit ({@code source} at the top)
 * @param nextHopIpv6          next hop for IPv6 routes; null: inherit
 * @param communities          standard communities (32-bit values) to attach
 * @param extendedCommunities  extended communities (64-bit values) to attach
 * @param largeCommunities     large communities to attach
 * @param med                  MED; null: inherit (at the top: the source's own MED, if it asks for one)
 * @param localPref            LOCAL_PREF toward iBGP peers; empty: inherit (at the top: 100)
 * @param prepend              how many extra times herald's AS is put in front toward eBGP peers; -1: inherit
 */
public record ExportActions(NextHopChoice nextHopIpv4, NextHopChoice nextHopIpv6, List<Long> communities,
                            List<Long> extendedCommunities, List<LargeCommunity> largeCommunities, MedChoice med,
                            OptionalLong localPref, int prepend) {
    public static final long DEFAULT_LOCAL_PREF = 100;
    /** Nothing set: every value inherited. */
    public static final ExportActions INHERIT = new ExportActions(null, null, List.of(), List.of(), List.of(), null,
            OptionalLong.empty(), -1);
    /** The top-level defaults: source next hops, the source's MED, LOCAL_PREF 100, no prepend. */
    public static final ExportActions DEFAULTS = new ExportActions(NextHopChoice.SOURCE, NextHopChoice.SOURCE,
            List.of(), List.of(), List.of(), null, OptionalLong.of(DEFAULT_LOCAL_PREF), 0);

    /** One RFC 8092 large community. */
    public record LargeCommunity(long global, long data1, long data2) {
        @Override
        public String toString() {
            return global + ":" + data1 + ":" + data2;
        }
    }

    public ExportActions {
        communities = List.copyOf(communities);
        extendedCommunities = List.copyOf(extendedCommunities);
        largeCommunities = List.copyOf(largeCommunities);
        Objects.requireNonNull(localPref, "localPref");
        if (prepend < -1 || prepend > 64) {
            throw new IllegalArgumentException("prepend must be 0..64, got " + prepend);
        }
        if (localPref.isPresent() && (localPref.getAsLong() < 0 || localPref.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("LOCAL_PREF must be 0..4294967295");
        }
    }

    /** {@code over} applied on top of this. */
    public ExportActions then(ExportActions over) {
        return new ExportActions(over.nextHopIpv4 != null ? over.nextHopIpv4 : nextHopIpv4,
                over.nextHopIpv6 != null ? over.nextHopIpv6 : nextHopIpv6, concat(communities, over.communities),
                concat(extendedCommunities, over.extendedCommunities), concat(largeCommunities, over.largeCommunities),
                over.med != null ? over.med : med, over.localPref.isPresent() ? over.localPref : localPref,
                over.prepend >= 0 ? over.prepend : prepend);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
