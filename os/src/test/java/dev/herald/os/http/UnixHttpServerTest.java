package dev.herald.os.http;

import dev.herald.os.EventLoops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real unix socket, with the JDK's socket channel as the client where bytes matter. */
class UnixHttpServerTest {
    private static final Executor WORK = r -> Thread.ofVirtual().start(r);
    private static final long NO_HANG = 30_000;

    @TempDir
    Path dir;

    private static Response echo(Request r) {
        return new Response(200, (r.method() + " " + r.path() + " " + r.query() + " " + new String(r.body())).getBytes());
    }

    private static Response malformed(String why) {
        return new Response(400, ("bad: " + why).getBytes());
    }

    private static String raw(Path sock, String request) throws Exception {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            c.write(ByteBuffer.wrap(request.getBytes()));
            return new String(Channels.newInputStream(c).readAllBytes());
        }
    }

    @Test
    void requestPathQueryAndBodyAndTheResponsesHead() throws Exception {
        Path sock = dir.resolve("h.sock");
        try (UnixHttpServer s = UnixHttpServer.bind(EventLoops.shared(), sock, UnixHttpServerTest::echo,
                UnixHttpServerTest::malformed, WORK, NO_HANG)) {
            Reply r = new UnixHttpClient(EventLoops.shared(), sock, "herald", "t")
                    .exchange("POST", "/v1/peers/r%31/x?a=b&a=c&k=%20v", "{\"m\":1}".getBytes(), NO_HANG);
            assertEquals(200, r.status());
            assertEquals("application/json", r.contentType());
            assertEquals("POST /v1/peers/r%31/x {a=c, k= v} {\"m\":1}", new String(r.body()),
                    "the path as sent, the query decoded, the last of a repeated key");
            String answer = raw(sock, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close\r\n"), answer);
            assertTrue(answer.toLowerCase().contains("content-length: 10\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\nGET /x {} "), answer);
        }
    }

    @Test
    void aMalformedRequestGetsTheMalformedResponse() throws Exception {
        Path sock = dir.resolve("h.sock");
        try (UnixHttpServer s = UnixHttpServer.bind(EventLoops.shared(), sock, UnixHttpServerTest::echo,
                UnixHttpServerTest::malformed, WORK, NO_HANG)) {
            String answer = raw(sock, "NONSENSE\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            assertTrue(answer.contains("bad: not an HTTP/1.x request"), answer);
        }
    }

    @Test
    void afterRunsOnceTheResponseIsOut() throws Exception {
        Path sock = dir.resolve("h.sock");
        CompletableFuture<Void> after = new CompletableFuture<>();
        CompletableFuture<Boolean> clientHadIt = new CompletableFuture<>();
        CompletableFuture<String> got = new CompletableFuture<>();
        try (UnixHttpServer s = UnixHttpServer.bind(EventLoops.shared(), sock,
                r -> new Response(200, "{}".getBytes(), () -> {
                    clientHadIt.complete(got.isDone());
                    after.complete(null);
                }), UnixHttpServerTest::malformed, WORK, NO_HANG)) {
            // The client's readAllBytes ends at the close, which comes before after runs.
            Thread.ofVirtual().start(() -> {
                try {
                    got.complete(raw(sock, "POST /v1/shutdown HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
                } catch (Exception e) {
                    got.completeExceptionally(e);
                }
            });
            after.get(NO_HANG, TimeUnit.MILLISECONDS);
            assertTrue(got.get(NO_HANG, TimeUnit.MILLISECONDS).endsWith("{}"));
        }
    }

    @Test
    void aClientThatSendsNothingIsCutOff() throws Exception {
        Path sock = dir.resolve("h.sock");
        try (UnixHttpServer s = UnixHttpServer.bind(EventLoops.shared(), sock, UnixHttpServerTest::echo,
                UnixHttpServerTest::malformed, WORK, 200);
             SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            c.write(ByteBuffer.wrap("GET /x HTTP/1.1\r\n".getBytes())); // and never the rest
            assertEquals(-1, c.read(ByteBuffer.allocate(64)), "closed without an answer");
        }
    }
}
