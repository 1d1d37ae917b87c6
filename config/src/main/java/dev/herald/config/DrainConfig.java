package dev.herald.config;

/**
 * The {@code drain} section: what {@code herald drain} (RFC 8326 graceful shutdown) does besides the
 * GRACEFUL_SHUTDOWN community and LOCAL_PREF 0.
 *
 * @param prepend extra copies of herald's AS in the AS_PATH toward eBGP peers while drained, 0..64
 *                (for eBGP routers that do not act on the community)
 */
public record DrainConfig(int prepend) {
    public static final DrainConfig DEFAULT = new DrainConfig(0);

    public DrainConfig {
        if (prepend < 0 || prepend > 64) {
            throw new IllegalArgumentException("drain prepend must be 0..64");
        }
    }
}
