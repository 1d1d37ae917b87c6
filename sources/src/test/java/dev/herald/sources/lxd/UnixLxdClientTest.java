package dev.herald.sources.lxd;

import static dev.herald.os.http.ScriptedUnixServer.bytes;
import static dev.herald.os.http.ScriptedUnixServer.frame;
import static dev.herald.os.http.ScriptedUnixServer.serve;
import static dev.herald.os.http.ScriptedUnixServer.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.os.EventLoops;
import dev.herald.os.http.ScriptedUnixServer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The LXD client's mapping of HTTP and websocket to LXD's API, against a scripted server on a unix socket. */
class UnixLxdClientTest {
    @TempDir
    Path dir;

    private static UnixLxdClient client(Path sock, long timeoutMillis) {
        return new UnixLxdClient(EventLoops.shared(), sock, timeoutMillis);
    }

    /** Bodies and framing are the HTTP layer's (os: UnixHttpClientTest); here: what becomes metadata or which error. */
    @Test
    void metadataAndErrors() throws Exception {
        String body = "{\"type\":\"sync\",\"metadata\":{\"a\":[1,2,3]}}";
        List<String> requests = new CopyOnWriteArrayList<>();
        Path sock = ScriptedUnixServer.serveInTurn(dir, requests,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
                        + "{\"type\":\"error\",\"error_code\":404,\"error\":\"Instance not found\",\"metadata\":null}",
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"type\":\"sync\",\"metadata\":",
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\noops",
                "garbage\r\n\r\n");
        try (UnixLxdClient c = client(sock, 2000)) {
            assertEquals(3, c.get("/1.0/x").get("a").size());
            assertTrue(requests.get(0).startsWith("GET /1.0/x HTTP/1.1\r\n"));
            LxdJson.LxdApiException e = assertThrows(LxdJson.LxdApiException.class, () -> c.get("/1.0/z"));
            assertTrue(e.notFound());
            assertThrows(LxdJson.LxdGarbageException.class, () -> c.get("/1.0/truncated"));
            IOException notJson = assertThrows(IOException.class, () -> c.get("/1.0/plain"));
            assertEquals("GET /1.0/plain: HTTP 500", notJson.getMessage());
            assertThrows(IOException.class, () -> c.get("/1.0/garbage"));
        }
        IOException e = assertThrows(IOException.class, () -> client(dir.resolve("nothing"), 1000).get("/1.0"));
        assertEquals("cannot connect to LXD at " + dir.resolve("nothing") + ": No such file or directory", e.getMessage());
    }

    @Test
    void timeoutWhenLxdDoesNotAnswer() throws Exception {
        Path sock = serve(dir, 1, (req, ch) -> ch.read(ByteBuffer.allocate(1))); // until the client gives up
        try (UnixLxdClient c = client(sock, 300)) {
            IOException e = assertThrows(IOException.class, () -> c.get("/1.0"));
            assertEquals("GET /1.0: no answer from LXD within 300 ms", e.getMessage());
        }
    }

    /** Frames, fragments and pings are the HTTP layer's (os: UnixHttpClientTest); here: what becomes an event. */
    @Test
    void eventsWebsocket() throws Exception {
        List<String> handshake = new CopyOnWriteArrayList<>();
        Path sock = serve(dir, 1, (req, ch) -> {
            handshake.add(req);
            write(ch, ScriptedUnixServer.switching(req));
            write(ch, frame(1, true, bytes("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"a\"}}")));
            write(ch, frame(1, true, bytes("not json")));
            write(ch, frame(8, true, new byte[0]));
        });
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        try (UnixLxdClient c = client(sock, 2000)) {
            c.events(new LxdClient.EventListener() {
                @Override
                public void event(JsonNode event) {
                    events.add(event);
                }

                @Override
                public void closed(Exception cause) {
                    closed.complete(cause);
                }
            });
            assertInstanceOf(EOFException.class, closed.get(30, TimeUnit.SECONDS), "LXD's close frame ends the stream");
        }
        assertTrue(handshake.get(0).startsWith("GET " + LxdClient.EVENTS_PATH + " HTTP/1.1\r\n"), handshake.get(0));
        assertEquals(2, events.size());
        assertEquals("a", events.get(0).get("metadata").get("action").stringValue());
        assertEquals(null, events.get(1)); // garbage: the source reads everything again
    }

    @Test
    void eventsRefused() throws Exception {
        Path sock = serve(dir, 1, bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden"));
        try (UnixLxdClient c = client(sock, 2000)) {
            IOException e = assertThrows(IOException.class, () -> c.events(new LxdClient.EventListener() {
                @Override
                public void event(JsonNode event) {
                }

                @Override
                public void closed(Exception cause) {
                }
            }));
            assertEquals("LXD refused the events websocket: HTTP 403 forbidden", e.getMessage());
        }
    }
}
