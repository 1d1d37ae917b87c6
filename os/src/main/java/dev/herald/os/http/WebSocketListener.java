package dev.herald.os.http;

/** Receives a websocket's messages; called on the event loop, so it must not block. */
public interface WebSocketListener {
    /** One whole text or binary message (continuation frames joined). */
    void message(byte[] payload);

    /** Called exactly once when the connection ends, with why. */
    void closed(Exception cause);
}
