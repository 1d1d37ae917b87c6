package dev.herald.fsm.transport;

/**
 * How many BGP messages of each type one peer received and sent since herald started it.
 * Indexes are the RFC 4271 type codes: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH.
 */
public record MessageCounts(long[] in, long[] out) {
    /** Type code to the RFC name, index 0 unused. */
    public static final java.util.List<String> TYPES =
            java.util.List.of("", "open", "update", "notification", "keepalive", "route_refresh");

    public MessageCounts {
        in = in.clone();
        out = out.clone();
    }

    public long in(int type) {
        return in[type];
    }

    public long out(int type) {
        return out[type];
    }
}
