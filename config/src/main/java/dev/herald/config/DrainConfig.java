package dev.herald.config;

/**
 * The {@code drain} section: what {@code herald drain} (RFC 8326 graceful shutdown) does besides the
 * GRACEFUL_SHUTDOWN community and LOCAL_PREF 0.
 *
 * @param prepend extra copies of herald's AS in the AS_PATH toward eBGP peers while drained, 0..64
 *                (for eBGP routers that do not act on the community)
 * @param beforeStop  on SIGTERM (systemctl stop): drain every peer and wait this long before stopping;
 *                    zero: stop at once
 */
public record DrainConfig(int prepend, java.time.Duration beforeStop) {
    public static final DrainConfig DEFAULT = new DrainConfig(0, java.time.Duration.ZERO);

    public DrainConfig {
        if (prepend < 0 || prepend > 64) {
            throw new IllegalArgumentException("drain prepend must be 0..64");
        }
        if (beforeStop.isNegative()) {
            throw new IllegalArgumentException("drain before-stop must not be negative");
        }
    }

    /** Without a wait before a stop. */
    public DrainConfig(int prepend) {
        this(prepend, java.time.Duration.ZERO);
    }
}
