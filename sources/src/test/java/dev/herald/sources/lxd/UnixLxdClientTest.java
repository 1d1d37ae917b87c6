package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The HTTP and websocket client against a scripted server on a unix socket. */
class UnixLxdClientTest {
    @TempDir
    Path dir;

    /** Serves one connection per call of the handler (request text in, raw response bytes out). */
    private Path serve(Function<String, byte[]> handler, int connections) throws IOException {
        Path sock = dir.resolve("s" + System.nanoTime());
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(() -> {
            try (ss) {
                for (int i = 0; i < connections; i++) {
                    try (SocketChannel ch = ss.accept()) {
                        ByteBuffer b = ByteBuffer.allocate(8192);
                        StringBuilder req = new StringBuilder();
                        while (!req.toString().contains("\r\n\r\n") && ch.read(b) > 0) {
                            b.flip();
                            req.append(StandardCharsets.US_ASCII.decode(b));
                            b.clear();
                        }
                        ByteBuffer out = ByteBuffer.wrap(handler.apply(req.toString()));
                        while (out.hasRemaining()) {
                            ch.write(out);
                        }
                        if (req.toString().contains("Upgrade: websocket")) {
                            Thread.sleep(300); // let the client answer the ping before the close frame
                            b.clear();
                            ch.configureBlocking(false);
                            ch.read(b);
                        }
                    }
                }
            } catch (Exception e) {
                // test server ends
            }
        });
        t.setDaemon(true);
        t.start();
        return sock;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentLengthChunkedAndErrors() throws Exception {
        String body = "{\"type\":\"sync\",\"metadata\":{\"a\":[1,2,3]}}";
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n" + body.substring(0, 5) + "\r\n" + Integer.toHexString(body.length() - 5) + ";x=y\r\n" + body.substring(5)
                + "\r\n0\r\n\r\n";
        List<String> requests = new CopyOnWriteArrayList<>();
        Path sock = serve(req -> {
            requests.add(req);
            return switch (requests.size()) {
                case 1 -> bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                case 2 -> bytes(chunked);
                case 3 -> bytes("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
                        + "{\"type\":\"error\",\"error_code\":404,\"error\":\"Instance not found\",\"metadata\":null}");
                case 4 -> bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"type\":\"sync\",\"metadata\":");
                default -> bytes("garbage\r\n\r\n");
            };
        }, 5);
        try (UnixLxdClient c = new UnixLxdClient(sock, 2000)) {
            assertEquals(3, c.get("/1.0/x").get("a").size());
            assertTrue(requests.get(0).startsWith("GET /1.0/x HTTP/1.1\r\n"));
            assertEquals(3, c.get("/1.0/y").get("a").size());
            LxdJson.LxdApiException e = assertThrows(LxdJson.LxdApiException.class, () -> c.get("/1.0/z"));
            assertTrue(e.notFound());
            assertThrows(LxdJson.LxdGarbageException.class, () -> c.get("/1.0/truncated"));
            assertThrows(IOException.class, () -> c.get("/1.0/garbage"));
        }
        assertThrows(IOException.class, () -> new UnixLxdClient(dir.resolve("nothing"), 1000).get("/1.0"));
    }

    @Test
    void timeoutWhenLxdDoesNotAnswer() throws Exception {
        Path sock = serve(req -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return bytes("");
        }, 1);
        long t0 = System.nanoTime();
        try (UnixLxdClient c = new UnixLxdClient(sock, 300)) {
            assertThrows(IOException.class, () -> c.get("/1.0"));
        }
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    private static byte[] frame(int op, boolean fin, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write((fin ? 0x80 : 0) | op);
        if (payload.length < 126) {
            o.write(payload.length);
        } else {
            o.write(126);
            o.write(payload.length >> 8);
            o.write(payload.length & 0xff);
        }
        o.writeBytes(payload);
        return o.toByteArray();
    }

    @Test
    void eventsWebsocket() throws Exception {
        String big = "{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"instance-started\",\"source\":\"/1.0/instances/"
                + "c".repeat(300) + "\"}}";
        Path sock = serve(req -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: x\r\n\r\n"));
            o.writeBytes(frame(1, true, bytes("{\"type\":\"lifecycle\",\"metadata\":{\"action\":\"a\"}}")));
            o.writeBytes(frame(9, true, bytes("ping")));
            o.writeBytes(frame(1, false, bytes(big.substring(0, 100))));
            o.writeBytes(frame(0, true, bytes(big.substring(100))));
            o.writeBytes(frame(1, true, bytes("not json")));
            o.writeBytes(frame(8, true, new byte[0]));
            return o.toByteArray();
        }, 1);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (UnixLxdClient c = new UnixLxdClient(sock, 2000)) {
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
            assertTrue(closed.await(5, TimeUnit.SECONDS));
        }
        assertEquals(3, events.size());
        assertEquals("a", events.get(0).get("metadata").get("action").stringValue());
        assertEquals(big.length(), events.get(1).toString().length());
        assertEquals(null, events.get(2)); // garbage: the source reads everything again
    }

    @Test
    void eventsRefused() throws Exception {
        Path sock = serve(req -> bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden"), 1);
        try (UnixLxdClient c = new UnixLxdClient(sock, 2000)) {
            IOException e = assertThrows(IOException.class, () -> c.events(new LxdClient.EventListener() {
                @Override
                public void event(JsonNode event) {
                }

                @Override
                public void closed(Exception cause) {
                }
            }));
            assertTrue(e.getMessage().contains("403"), e.getMessage());
        }
    }
}
