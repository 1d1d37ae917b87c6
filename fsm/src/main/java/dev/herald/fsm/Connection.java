package dev.herald.fsm;

import dev.herald.codec.Open;

/** One TCP connection of a session and how far it got. Owned by {@link BgpFsm}. */
final class Connection {
    /** The per-connection part of RFC 4271's states; Idle and Active have no connection. */
    enum Phase {
        CONNECTING(State.CONNECT),
        OPEN_SENT(State.OPEN_SENT),
        OPEN_CONFIRM(State.OPEN_CONFIRM),
        ESTABLISHED(State.ESTABLISHED);

        final State state;

        Phase(State state) {
            this.state = state;
        }
    }

    final ConnectionId id;
    Phase phase;
    Open peerOpen;
    Negotiated negotiated;

    Connection(ConnectionId id, Phase phase) {
        this.id = id;
        this.phase = phase;
    }

    /** A message may be sent: TCP is up. */
    boolean connected() {
        return phase != Phase.CONNECTING;
    }
}
