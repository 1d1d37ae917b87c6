package dev.herald.bfd;

import java.util.Optional;

/**
 * What the I/O shell does after a call into {@link BfdSession}: send {@code send} now if
 * present, re-arm its one timer for {@code min(transmitAt, detectionDeadline)} (nanos on the
 * caller's clock; {@link #NEVER} when not armed) and call {@link BfdSession#timerExpired} then,
 * and report {@code change} (to BGP, to the log, to the flap counter) if present. The times
 * are the session's whole timer state, so the shell need not remember earlier ones. Any
 * monotonic clock will do, {@link System#nanoTime()} included: it may be negative, but it does
 * not wrap within a run.
 */
public record Effects(Optional<ControlPacket> send, long transmitAt, long detectionDeadline,
        Optional<StateChange> change) {
    public static final long NEVER = Long.MAX_VALUE;

    /** The earliest time the session wants {@link BfdSession#timerExpired} called. */
    public long wakeAt() {
        return Math.min(transmitAt, detectionDeadline);
    }
}
