package dev.herald.os.http;

import java.io.IOException;

/** The server answered a websocket handshake with something other than 101: "HTTP 403 body...". */
public final class RefusedException extends IOException {
    public RefusedException(String message) {
        super(message);
    }
}
