package dev.herald.fsm;

/**
 * Names one TCP connection of a session. During a collision (RFC 4271 6.8) a session has two at
 * once, so every connection event and action says which one it is about. The FSM numbers the
 * connections it initiates; the transport numbers the ones it accepts.
 */
public record ConnectionId(boolean inbound, int seq) {
    public static ConnectionId outbound(int seq) {
        return new ConnectionId(false, seq);
    }

    public static ConnectionId inbound(int seq) {
        return new ConnectionId(true, seq);
    }

    @Override
    public String toString() {
        return (inbound ? "in#" : "out#") + seq;
    }
}
