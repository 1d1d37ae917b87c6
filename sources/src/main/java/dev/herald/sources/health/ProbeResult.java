package dev.herald.sources.health;

/**
 * What one run of a probe said, before the scheduler counts it.
 *
 * @param detail a short reason for status and logs ("exit status 1", "HTTP 503", "connection refused")
 */
public record ProbeResult(boolean passed, String detail) {
    public static ProbeResult pass(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult fail(String detail) {
        return new ProbeResult(false, detail);
    }
}
