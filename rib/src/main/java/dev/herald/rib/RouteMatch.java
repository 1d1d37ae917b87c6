package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conditions of an export rule; every condition given must hold (an empty one holds always).
 *
 * @param prefixes one of these ranges contains the prefix
 * @param families the route's family is one of these
 * @param sources  the winning candidate's source is one of these
 * @param tags     the winning candidate carries each of these tags with this value ({@code *}: any value)
 */
public record RouteMatch(List<PrefixRange> prefixes, Set<Family> families, Set<String> sources, Map<String, String> tags) {
    public static final RouteMatch ANY = new RouteMatch(List.of(), Set.of(), Set.of(), Map.of());

    public RouteMatch {
        prefixes = List.copyOf(prefixes);
        families = Set.copyOf(families);
        sources = Set.copyOf(sources);
        tags = Map.copyOf(tags);
    }

    public boolean matches(Prefix p, Family f, RouteFacts facts) {
        if (!families.isEmpty() && !families.contains(f)) {
            return false;
        }
        if (!sources.isEmpty() && !sources.contains(facts.source())) {
            return false;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String v = facts.tags().get(t.getKey());
            if (v == null || !(t.getValue().equals("*") || t.getValue().equals(v))) {
                return false;
            }
        }
        return prefixes.isEmpty() || anyMatches(prefixes, p) != null;
    }

    static PrefixRange anyMatches(List<PrefixRange> ranges, Prefix p) {
        for (PrefixRange r : ranges) {
            if (r.matches(p)) {
                return r;
            }
        }
        return null;
    }
}
