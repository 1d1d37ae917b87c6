package dev.herald.os.http;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every exchange case of {@link UnixHttpClientTest} again with the blocking mode (the admin CLI's):
 * the same replies and the same exceptions for the same server bytes. Websockets need a group.
 */
class BlockingUnixHttpClientTest extends UnixHttpClientTest {
    @Override
    UnixHttpClient client(Path sock) {
        return UnixHttpClient.blocking(sock, "lxd", "herald");
    }

    @Override
    @Test
    void websocketTextFramesFragmentsAndPing() {
        assertThrows(UnsupportedOperationException.class, () -> client(dir.resolve("ws.sock")).websocket("/", null, 1000));
    }

    @Override
    @Test
    void aRefusedWebsocketSaysTheStatusAndBody() {
        websocketTextFramesFragmentsAndPing();
    }
}
