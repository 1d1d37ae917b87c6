package dev.herald.fsm.transport;

import dev.herald.codec.Notification;
import dev.herald.fsm.State;

/** Handle on one configured peer; all methods are thread-safe. */
public interface PeerSession {
    String peerName();

    /** The RFC 4271 state, as of the last event handled. */
    State state();

    /** The reason the last connection or attempt ended, or "" when none has. */
    String lastError();

    /** Messages received and sent by type, over this peer's whole life. */
    MessageCounts messages();

    /** ManualStop: sends {@code why} (Cease/2 with a message, say) on open connections and stays Idle. */
    void stop(Notification why);

    /**
     * AutomaticStop (event 8): ends the Established session with {@code why} (Cease/10 for BFD
     * Down), after which it reconnects as after any failure; a no-op when not Established.
     */
    void automaticStop(Notification why, String reason);

    /** ManualStart again after {@link #stop}; a no-op while running. */
    void start();
}
