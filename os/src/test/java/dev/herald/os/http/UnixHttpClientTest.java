package dev.herald.os.http;

import dev.herald.os.EventLoops;
import static dev.herald.os.http.ScriptedUnixServer.bytes;
import static dev.herald.os.http.ScriptedUnixServer.frame;
import static dev.herald.os.http.ScriptedUnixServer.serve;
import static dev.herald.os.http.ScriptedUnixServer.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a plain-JDK server on a real unix socket that answers scripted bytes. */
class UnixHttpClientTest {
    /** Long enough that only a hang reaches it: the tests check what ends a call, not how fast. */
    private static final long NO_HANG = 30_000;
    private static final String BODY = "{\"type\":\"sync\",\"metadata\":{\"a\":[1,2,3]}}";

    @TempDir
    Path dir;

    /** The client under test: the event-loop mode here, the blocking mode in {@link BlockingUnixHttpClientTest}. */
    UnixHttpClient client(Path sock) {
        return new UnixHttpClient(EventLoops.shared(), sock, "lxd", "herald");
    }

    @Test
    void contentLengthChunkedAndUpToCloseBodies() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: Application/JSON\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n" + BODY.substring(0, 5) + "\r\n" + Integer.toHexString(BODY.length() - 5) + ";x=y\r\n"
                + BODY.substring(5) + "\r\n0\r\nTrailer: t\r\n\r\n";
        List<String> requests = new CopyOnWriteArrayList<>();
        Path sock = ScriptedUnixServer.serveInTurn(dir, requests,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY,
                chunked,
                "HTTP/1.1 404 Not Found\r\n\r\n" + BODY); // delimited by the close
        UnixHttpClient c = client(sock);
        Reply r = c.exchange("GET", "/1.0/x", new byte[0], NO_HANG);
        assertEquals(200, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals(BODY, new String(r.body()));
        assertTrue(requests.get(0).startsWith("GET /1.0/x HTTP/1.1\r\n"), requests.get(0));
        assertTrue(requests.get(0).contains("host: lxd\r\n") || requests.get(0).contains("Host: lxd\r\n"), requests.get(0));
        assertFalse(requests.get(0).toLowerCase().contains("content-length"), "a GET without body says nothing of one");
        Reply ch = c.exchange("POST", "/1.0/y", bytes("{}"), NO_HANG);
        assertEquals(BODY, new String(ch.body()));
        assertEquals("application/json", ch.contentType(), "lower-cased");
        assertTrue(requests.get(1).toLowerCase().contains("content-length: 2\r\n"), requests.get(1));
        Reply eof = c.exchange("GET", "/1.0/z", new byte[0], NO_HANG);
        assertEquals(404, eof.status());
        assertEquals(BODY, new String(eof.body()));
    }

    /** Each answer is broken in its own way; each call must end with an IOException, not the timeout. */
    @Test
    void aMalformedResponseIsAClearErrorNotAHang() throws Exception {
        List<String> answers = List.of(
                "garbage\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"short\"",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nContent-Le",
                "");
        Path sock = serve(dir, answers.size(), new ScriptedUnixServer.Script() {
            int n;

            @Override
            public void answer(String request, java.nio.channels.SocketChannel ch) throws Exception {
                write(ch, bytes(answers.get(n++)));
            }
        });
        UnixHttpClient c = client(sock);
        for (String a : answers) {
            IOException e = assertThrows(IOException.class, () -> c.exchange("GET", "/", new byte[0], NO_HANG), a);
            assertFalse(e instanceof SocketTimeoutException, a + ": " + e);
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), a + ": an error that says something");
        }
    }

    @Test
    void noAnswerIsATimeout() throws Exception {
        CompletableFuture<Void> clientLeft = new CompletableFuture<>();
        Path sock = serve(dir, 1, (req, ch) -> {
            // Says nothing; reads until the client gives up and closes.
            clientLeft.complete(ch.read(ByteBuffer.allocate(1)) < 0 ? null : null);
        });
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                () -> client(sock).exchange("GET", "/", new byte[0], 300));
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
        clientLeft.get(NO_HANG, TimeUnit.MILLISECONDS); // and the client closed its connection
    }

    @Test
    void nothingAtTheSocketIsAConnectExceptionWithTheOsReason() {
        ConnectException e = assertThrows(ConnectException.class,
                () -> client(dir.resolve("nothing")).exchange("GET", "/", new byte[0], NO_HANG));
        assertEquals("No such file or directory", e.getMessage());
    }

    @Test
    void aRefusedConnectionIsAConnectExceptionWithTheOsReason() throws Exception {
        Path sock = dir.resolve("dead.sock");
        try (var dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            dead.bind(java.net.UnixDomainSocketAddress.of(sock)); // closed: the file stays, nobody listens
        }
        ConnectException e = assertThrows(ConnectException.class,
                () -> client(sock).exchange("GET", "/", new byte[0], NO_HANG));
        assertEquals("Connection refused", e.getMessage());
    }

    @Test
    void websocketTextFramesFragmentsAndPing() throws Exception {
        String big = "{\"m\":\"" + "c".repeat(300) + "\"}";
        CompletableFuture<ScriptedUnixServer.Frame> pong = new CompletableFuture<>();
        CompletableFuture<String> handshake = new CompletableFuture<>();
        Path sock = serve(dir, 1, (req, ch) -> {
            handshake.complete(req);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(ScriptedUnixServer.switching(req));
            o.writeBytes(frame(1, true, bytes("{\"a\":1}")));
            o.writeBytes(frame(9, true, bytes("ping")));
            write(ch, o.toByteArray());
            pong.complete(ScriptedUnixServer.readFrame(ch));
            o.reset();
            o.writeBytes(frame(1, false, bytes(big.substring(0, 100))));
            o.writeBytes(frame(0, true, bytes(big.substring(100))));
            o.writeBytes(frame(2, true, bytes("bin")));
            o.writeBytes(frame(8, true, new byte[0]));
            write(ch, o.toByteArray());
        });
        List<String> messages = new CopyOnWriteArrayList<>();
        List<Exception> closed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        client(sock).websocket("/1.0/events?type=lifecycle,operation", new WebSocketListener() {
            @Override
            public void message(byte[] payload) {
                messages.add(new String(payload));
            }

            @Override
            public void closed(Exception cause) {
                closed.add(cause);
                ended.complete(null);
            }
        }, NO_HANG);
        ended.get(NO_HANG, TimeUnit.MILLISECONDS);
        assertTrue(handshake.get().startsWith("GET /1.0/events?type=lifecycle,operation HTTP/1.1\r\n"), handshake.get());
        assertEquals(0xA, pong.get().op(), "the ping is answered with a pong");
        assertArrayEquals(bytes("ping"), pong.get().payload());
        assertEquals(List.of("{\"a\":1}", big, "bin"), messages);
        assertEquals(1, closed.size());
        assertInstanceOf(EOFException.class, closed.get(0));
    }

    @Test
    void aRefusedWebsocketSaysTheStatusAndBody() throws Exception {
        Path sock = serve(dir, 1, bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden"));
        List<Exception> closed = new CopyOnWriteArrayList<>();
        RefusedException e = assertThrows(RefusedException.class, () -> client(sock).websocket("/ws", new WebSocketListener() {
            @Override
            public void message(byte[] payload) {
            }

            @Override
            public void closed(Exception cause) {
                closed.add(cause);
            }
        }, NO_HANG));
        assertEquals("HTTP 403 forbidden", e.getMessage());
        assertTrue(closed.isEmpty(), "a stream that never opened is not reported closed");
    }
}
