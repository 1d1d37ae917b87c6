package dev.herald.sources.kernel;

import dev.herald.rib.PrefixRange;
import java.util.List;
import java.util.Set;

/**
 * What the kernel source reads: the {@code sources.kernel} section, built by the config reader
 * (one type for the section and the source, so a new key is added in one place).
 *
 * @param tableIds      routing tables by number (main, local and default already turned into 254,
 *                      255, 253; tables above 2^31 wrap, as RTA_TABLE's u32 does in an int);
 *                      together with tableNames empty means every table
 * @param tableNames    tables by name: names from iproute2's rt_tables files, else VRF devices
 *                      (resolved to their table at every full dump and when links change)
 * @param protocols     rtm_protocol numbers; empty means any but kernel (2), the kernel's own
 *                      routes for addresses (KernelRouteFilter)
 * @param types         rtm_type numbers; empty means any
 * @param prefixes      prefix ranges; empty means any prefix but the default routes
 * @param metricAsMed   send the lowest route metric of each prefix as its MED
 * @param receiveBuffer SO_RCVBUF(FORCE) in bytes for the netlink socket
 */
public record KernelSourceSettings(List<Integer> tableIds, List<String> tableNames, Set<Integer> protocols,
        Set<Integer> types, List<PrefixRange> prefixes, boolean metricAsMed, int receiveBuffer) {
    /** Table main. */
    public static final List<Integer> DEFAULT_TABLES = List.of(254);
    /** unicast, blackhole, unreachable, prohibit. */
    public static final Set<Integer> DEFAULT_TYPES = Set.of(1, 6, 7, 8);
    /** Large enough that a burst of route changes does not overflow the socket (ENOBUFS forces a full dump). */
    public static final int DEFAULT_RECEIVE_BUFFER = 32 << 20;

    public KernelSourceSettings {
        tableIds = List.copyOf(tableIds);
        tableNames = List.copyOf(tableNames);
        protocols = Set.copyOf(protocols);
        types = Set.copyOf(types);
        prefixes = List.copyOf(prefixes);
    }

    /** Every default: table main, any protocol but kernel, unicast/blackhole/unreachable/prohibit, any prefix but the defaults. */
    public static KernelSourceSettings defaults() {
        return new KernelSourceSettings(DEFAULT_TABLES, List.of(), Set.of(), DEFAULT_TYPES, List.of(), false,
                DEFAULT_RECEIVE_BUFFER);
    }
}
