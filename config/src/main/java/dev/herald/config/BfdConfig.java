package dev.herald.config;

/**
 * A peer's BFD settings (RFC 5880 6.8.1; issue 19). herald runs the BFD session only while the
 * BGP session is Established, to the connection's own addresses.
 *
 * @param enabled    whether the peer has a BFD session
 * @param minRxMillis bfd.RequiredMinRxInterval: the fastest herald wants the peer to send
 * @param minTxMillis bfd.DesiredMinTxInterval: the fastest herald would like to send
 * @param multiplier bfd.DetectMult: packets missed before the peer declares herald down
 * @param minimumTtl the least TTL (hop limit) a multihop (RFC 5883) packet may arrive with, as
 *                   FRR bfdd's {@code minimum-ttl}; 0 = not set: 256 - ebgp-multihop, FRR's own
 *                   default for a BGP multihop peer (BIRD sends multihop BFD with TTL 64)
 */
public record BfdConfig(boolean enabled, int minRxMillis, int minTxMillis, int multiplier, int minimumTtl) {
    /** FRR bfdd's defaults: 300 ms x 3. */
    public static final int DEFAULT_INTERVAL_MILLIS = 300;
    public static final int DEFAULT_MULTIPLIER = 3;
    /** FRR's range for both intervals: 10 ms to 60 s. */
    public static final int MIN_INTERVAL_MILLIS = 10;
    public static final int MAX_INTERVAL_MILLIS = 60_000;
    /** FRR's range; 1 would declare the session down on a single lost packet. */
    public static final int MIN_MULTIPLIER = 2;
    public static final int MAX_MULTIPLIER = 255;

    /** herald sends with TTL 255, so 255 is the most a packet can arrive with. */
    public static final int MAX_MINIMUM_TTL = 255;

    /** Without {@code minimum-ttl}. */
    public BfdConfig(boolean enabled, int minRxMillis, int minTxMillis, int multiplier) {
        this(enabled, minRxMillis, minTxMillis, multiplier, 0);
    }

    /** The least TTL of a multihop peer with {@code ebgp-multihop: hops}. */
    public int minimumTtl(int hops) {
        return minimumTtl != 0 ? minimumTtl : Math.max(1, 256 - hops);
    }

    public BfdConfig withMinimumTtl(int ttl) {
        return new BfdConfig(enabled, minRxMillis, minTxMillis, multiplier, ttl);
    }

    /** No {@code bfd:} key: no BFD session. */
    public static final BfdConfig OFF = new BfdConfig(false, DEFAULT_INTERVAL_MILLIS, DEFAULT_INTERVAL_MILLIS,
            DEFAULT_MULTIPLIER);

    /** The same timers, with BFD on. */
    public static BfdConfig defaults() {
        return new BfdConfig(true, DEFAULT_INTERVAL_MILLIS, DEFAULT_INTERVAL_MILLIS, DEFAULT_MULTIPLIER);
    }

}
