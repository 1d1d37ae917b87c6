package dev.herald.sources.lxd;

import static dev.herald.os.http.ScriptedUnixServer.bytes;
import static dev.herald.os.http.ScriptedUnixServer.frame;
import static dev.herald.os.http.ScriptedUnixServer.serve;
import static dev.herald.os.http.ScriptedUnixServer.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.os.http.EventLoops;
import dev.herald.os.http.ScriptedUnixServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void contentLengthChunkedAndErrors() throws Exception {
        String body = "{\"type\":\"sync\",\"metadata\":{\"a\":[1,2,3]}}";
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n" + body.substring(0, 5) + "\r\n" + Integer.toHexString(body.length() - 5) + ";x=y\r\n" + body.substring(5)
                + "\r\n0\r\n\r\n";
        List<String> requests = new CopyOnWriteArrayList<>();
        Path sock = serve(dir, 6, (req, ch) -> {
            requests.add(req);
            write(ch, bytes(switch (requests.size()) {
                case 1 -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
                case 2 -> chunked;
                case 3 -> "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
                        + "{\"type\":\"error\",\"error_code\":404,\"error\":\"Instance not found\",\"metadata\":null}";
                case 4 -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"type\":\"sync\",\"metadata\":";
                case 5 -> "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\noops";
                default -> "garbage\r\n\r\n";
            }));
        });
        try (UnixLxdClient c = client(sock, 2000)) {
            assertEquals(3, c.get("/1.0/x").get("a").size());
            assertTrue(requests.get(0).startsWith("GET /1.0/x HTTP/1.1\r\n"));
            assertEquals(3, c.get("/1.0/y").get("a").size());
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

    @Test
    void eventsWebsocket() throws Exception {
        String big = "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-started\",\"source\":\"/1.0/instances/"
                + "c".repeat(300) + "\"}}";
        List<String> handshake = new CopyOnWriteArrayList<>();
        Path sock = serve(dir, 1, (req, ch) -> {
            handshake.add(req);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(ScriptedUnixServer.switching(req));
            o.writeBytes(frame(1, true, bytes("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"a\"}}")));
            o.writeBytes(frame(9, true, bytes("ping")));
            o.writeBytes(frame(1, false, bytes(big.substring(0, 100))));
            o.writeBytes(frame(0, true, bytes(big.substring(100))));
            o.writeBytes(frame(1, true, bytes("not json")));
            o.writeBytes(frame(8, true, new byte[0]));
            write(ch, o.toByteArray());
            ScriptedUnixServer.readFrame(ch); // the pong, before the connection goes
        });
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (UnixLxdClient c = client(sock, 2000)) {
            c.events(new LxdClient.EventListener() {
                @Override
                public void event(JsonNode event) {
                    events.add(event);
                }

                @Override
                public void closed(Exception cause) {
                    closed.countDown();
                }
            });
            assertTrue(closed.await(30, TimeUnit.SECONDS));
        }
        assertTrue(handshake.get(0).startsWith("GET " + LxdClient.EVENTS_PATH + " HTTP/1.1\r\n"), handshake.get(0));
        assertEquals(3, events.size());
        assertEquals("a", events.get(0).get("metadata").get("action").stringValue());
        assertEquals(big.length(), events.get(1).toString().length());
        assertEquals(null, events.get(2)); // garbage: the source reads everything again
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
