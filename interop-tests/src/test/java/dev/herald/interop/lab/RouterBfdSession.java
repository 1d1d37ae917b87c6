package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.OptionalLong;

/**
 * One BFD session as a lab router shows it, in the shape common to FRR and BIRD.
 *
 * @param peer          the remote address
 * @param multihop      RFC 5883 session (FRR says so; BIRD shows no interface for one)
 * @param up            state Up
 * @param remoteMinTxMs the peer's Desired Min TX Interval as the router received it, when it shows it (FRR)
 * @param detectTimeMs  the router's detection time for the peer, in ms (FRR: the peer's Detect Mult x
 *                      max(router's Required Min RX, peer's Desired Min TX); BIRD: "Timeout")
 * @param flapMarker    changes whenever the session went Down and Up again (FRR: its down-event
 *                      counter; BIRD: "since=" and the time the state last changed, "Since")
 */
public record RouterBfdSession(InetAddress peer, boolean multihop, boolean up, OptionalLong remoteMinTxMs, long detectTimeMs,
                               String flapMarker) {
    /** How far two readings of one BIRD "Since" may lie apart and still be one state change. */
    static final long SINCE_JITTER_MS = 100;

    /**
     * Whether the session has stayed in the Up period it was in at {@code earlier}. FRR's down-event
     * counter is exact. BIRD prints "Since" as wall-clock time worked out from its monotonic clock
     * at each call, so two readings of one state change can differ by a millisecond (CI saw
     * 21:54:53.316 then .317); a Down and Up again between them would move it by the time between
     * the readings (seconds in the tests), so readings within {@link #SINCE_JITTER_MS} are one.
     */
    public boolean sameUpPeriodAs(RouterBfdSession earlier) {
        if (flapMarker.equals(earlier.flapMarker)) {
            return true;
        }
        java.util.Optional<java.time.LocalTime> now = since(flapMarker);
        java.util.Optional<java.time.LocalTime> then = since(earlier.flapMarker);
        if (now.isEmpty() || then.isEmpty()) {
            return false;
        }
        long ms = Math.floorMod(java.time.Duration.between(then.get(), now.get()).toMillis(), 86_400_000L);
        return Math.min(ms, 86_400_000L - ms) <= SINCE_JITTER_MS;
    }

    /** BIRD's "Since" as a time of day (HH:MM:SS.mmm), if the marker is one. */
    private static java.util.Optional<java.time.LocalTime> since(String marker) {
        if (!marker.startsWith("since=")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.LocalTime.parse(marker.substring("since=".length()).strip()));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }
}
