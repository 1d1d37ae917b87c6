package dev.herald.config;

import java.util.List;

/**
 * The {@code rib} section.
 *
 * @param sourcePrecedence  sources in order of preference when several offer one prefix
 * @param coalesceMillis    changes wait this long to be sent together; 0: sent as soon as the
 *                          RIB has applied what arrived together
 */
public record RibConfig(List<String> sourcePrecedence, int coalesceMillis) {
    public static final List<String> DEFAULT_PRECEDENCE = List.of("static", "ovn", "lxd", "kernel");
    public static final RibConfig DEFAULT = new RibConfig(DEFAULT_PRECEDENCE, 0);

    public RibConfig {
        sourcePrecedence = List.copyOf(sourcePrecedence);
    }
}
