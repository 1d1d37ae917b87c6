package dev.herald.sources.kernel;

import dev.herald.rib.PrefixRange;
import java.util.List;
import java.util.Set;

/**
 * What the kernel source reads.
 *
 * @param tableIds      routing tables by number; together with tableNames empty means every table
 * @param tableNames    tables by name: names from iproute2's rt_tables files, else VRF devices
 *                      (resolved to their table at every full dump and when links change)
 * @param protocols     rtm_protocol numbers; empty means any but kernel (2), the kernel's own
 *                      routes for addresses (KernelRouteFilter)
 * @param types         rtm_type numbers; empty means any
 * @param prefixes      prefix ranges; empty means any prefix but the default routes
 * @param metricAsMed   send the lowest route metric of each prefix as its MED
 * @param receiveBuffer SO_RCVBUF(FORCE) in bytes for the netlink socket (its default is the
 *                      config's, KernelSourceConfig.DEFAULT_RECEIVE_BUFFER: defaults live with the
 *                      configuration, these settings are always given in full)
 */
public record KernelSourceSettings(List<Integer> tableIds, List<String> tableNames, Set<Integer> protocols,
        Set<Integer> types, List<PrefixRange> prefixes, boolean metricAsMed, int receiveBuffer) {
    public KernelSourceSettings {
        tableIds = List.copyOf(tableIds);
        tableNames = List.copyOf(tableNames);
        protocols = Set.copyOf(protocols);
        types = Set.copyOf(types);
        prefixes = List.copyOf(prefixes);
    }
}
