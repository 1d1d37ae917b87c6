package dev.herald.sources.kernel;

import dev.herald.rib.PrefixRange;
import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Set;

/**
 * Which kernel routes herald announces. Pure: a route matches when its table, protocol and type
 * are all listed (an empty set means any; for protocols, any but kernel (2), the kernel's own
 * routes for its addresses) and its destination is inside one of the prefix
 * ranges. Without prefix ranges every destination matches except the default routes (0.0.0.0/0,
 * ::/0): announcing a default by accident is the worst mistake a gateway can make, so it must be
 * listed explicitly. Cached clones (RTM_F_CLONED) never match.
 */
public record KernelRouteFilter(Set<Integer> tables, Set<Integer> protocols, Set<Integer> types,
        List<PrefixRange> prefixes) {
    private static final int RTPROT_KERNEL = 2;

    public KernelRouteFilter {
        tables = Set.copyOf(tables);
        protocols = Set.copyOf(protocols);
        types = Set.copyOf(types);
        prefixes = List.copyOf(prefixes);
    }

    /** True when the table is one herald reads (a cheap pre-check before decoding the prefix). */
    public boolean tableMatches(int table) {
        return tables.isEmpty() || tables.contains(table);
    }

    public boolean matches(RouteMessage r) {
        if (!(r.isIpv4() || r.isIpv6()) || r.isCloned() || r.srcLength() != 0) {
            return false;
        }
        if (!tableMatches(r.table())
                || !(protocols.isEmpty() ? r.protocol() != RTPROT_KERNEL : protocols.contains(r.protocol()))
                || !(types.isEmpty() || types.contains(r.type()))) {
            return false;
        }
        Prefix p = r.prefix();
        return p != null && prefixMatches(p);
    }

    public boolean prefixMatches(Prefix p) {
        if (prefixes.isEmpty()) {
            return p.length() != 0;
        }
        for (PrefixRange range : prefixes) {
            if (range.matches(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "tables " + (tables.isEmpty() ? "any" : tables) + ", protocols "
                + (protocols.isEmpty() ? "any but kernel" : protocols.stream().map(RouteTypes::protocolName).toList())
                + ", types " + (types.isEmpty() ? "any" : types.stream().map(RouteTypes::typeName).toList())
                + ", prefixes " + (prefixes.isEmpty() ? "any but default" : prefixes);
    }
}
