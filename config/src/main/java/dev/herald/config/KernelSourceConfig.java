package dev.herald.config;

import java.util.List;
import java.util.Objects;

import dev.herald.codec.Prefix;

/**
 * The {@code sources.kernel} section: which routes of herald's own network namespace to announce.
 *
 * @param tableIds      routing tables by number (main, local and default already turned into 254, 255, 253)
 * @param tableNames    other table names: iproute2 rt_tables names or VRF devices, resolved at run time
 * @param protocols     rtm_protocol numbers; empty means every protocol except kernel (2)
 * @param types         rtm_type numbers (1 unicast, 6 blackhole, ...)
 * @param prefixes      prefix ranges; empty means every prefix except the default routes
 * @param metricAsMed   derive MED from the route metric (lowest wins)
 * @param receiveBuffer the netlink socket's receive buffer in bytes
 */
public record KernelSourceConfig(List<Long> tableIds, List<String> tableNames, List<Integer> protocols,
        List<Integer> types, List<PrefixRange> prefixes, boolean metricAsMed, int receiveBuffer) {
    public static final List<Long> DEFAULT_TABLES = List.of(254L);
    /** unicast, blackhole, unreachable, prohibit. */
    public static final List<Integer> DEFAULT_TYPES = List.of(1, 6, 7, 8);
    public static final int DEFAULT_RECEIVE_BUFFER = 32 << 20;

    public KernelSourceConfig {
        tableIds = List.copyOf(tableIds);
        tableNames = List.copyOf(tableNames);
        protocols = List.copyOf(protocols);
        types = List.copyOf(types);
        prefixes = List.copyOf(prefixes);
    }

    /** Every default: table main, any protocol but kernel, unicast/blackhole/unreachable/prohibit, any prefix. */
    public static KernelSourceConfig defaults() {
        return new KernelSourceConfig(DEFAULT_TABLES, List.of(), List.of(), DEFAULT_TYPES, List.of(), false,
                DEFAULT_RECEIVE_BUFFER);
    }

    /** "PREFIX", "PREFIX le N", "PREFIX ge N", "PREFIX ge N le M": routes inside prefix with a length in ge..le. */
    public record PrefixRange(Prefix prefix, int ge, int le) {
        public PrefixRange {
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
