package dev.herald.fsm.transport;

import dev.herald.codec.Family;

/** What a session tells its owner. Called on the session's event loop thread: do not block. */
public interface SessionListener {
    /** The session reached Established; {@code s} stays valid until the matching {@link #down}. */
    void established(EstablishedSession s);

    /**
     * The session went down, or an attempt to bring it up failed (so a refused connect is
     * reported too). The reason is readable, for example {@code hold timer expired, sent
     * NOTIFICATION 4/0 (hold timer expired)}, {@code peer sent NOTIFICATION 6/2 "maintenance"},
     * {@code connection refused}.
     */
    void down(String peerName, String reason);

    /**
     * The Established session's socket can take more ({@code true}) or is above its high-water
     * mark: whoever writes UPDATEs should wait for the next {@code true} (docs/adr/0012-back-pressure.md).
     * Reported after {@link #established} and before {@link #down}, in order.
     */
    default void writable(String peerName, boolean writable) {
    }

    /** The peer sent a ROUTE-REFRESH for a negotiated family: send that family's routes again. */
    default void routeRefresh(String peerName, Family family) {
    }
}
