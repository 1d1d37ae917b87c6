package dev.herald.sources.kernel;

import dev.herald.codec.Prefix;

/**
 * A prefix herald announces from the kernel, with what its route's facts come from: the lowest
 * metric among the matching routes that hold it (OVN installs 100 for addresses local to this
 * chassis and 1000 otherwise, so lower must win; the MED with metric-as-med) and the table of that
 * route (the {@code table} tag).
 */
public record KernelPrefix(Prefix prefix, long metric, int table) {
    static KernelPrefix of(Prefix p, KernelRouteTable.Best best) {
        return new KernelPrefix(p, best.metric(), best.table());
    }
}
