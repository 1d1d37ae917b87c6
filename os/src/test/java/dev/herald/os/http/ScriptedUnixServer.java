package dev.herald.os.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unix-socket server in plain JDK code that answers with whatever bytes a test scripts: the
 * other end of the client tests, independent of Netty. Also used by the LXD client's tests (test-jar).
 */
public final class ScriptedUnixServer {
    /** One connection's part: the request's head as text in, anything written back on {@code ch}. */
    public interface Script {
        void answer(String request, SocketChannel ch) throws Exception;
    }

    private ScriptedUnixServer() {
    }

    /** Serves {@code connections} connections one after the other on a new socket in {@code dir}. */
    public static Path serve(Path dir, int connections, Script script) throws IOException {
        Path sock = dir.resolve("s" + System.nanoTime());
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(() -> {
            try (ss) {
                for (int i = 0; i < connections; i++) {
                    try (SocketChannel ch = ss.accept()) {
                        script.answer(head(ch), ch);
                    }
                }
            } catch (Exception e) {
                // the test server ends; the client's side is what the tests check
            }
        });
        t.setDaemon(true);
        t.start();
        return sock;
    }

    /** Serves {@code connections} connections, each answered with the same bytes. */
    public static Path serve(Path dir, int connections, byte[] answer) throws IOException {
        return serve(dir, connections, (req, ch) -> write(ch, answer));
    }

    /** Serves one connection per answer, in turn; each request's head is added to {@code requests}. */
    public static Path serveInTurn(Path dir, java.util.List<String> requests, String... answers) throws IOException {
        return serve(dir, answers.length, (req, ch) -> {
            requests.add(req);
            write(ch, bytes(answers[requests.size() - 1]));
        });
    }

    private static String head(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        StringBuilder req = new StringBuilder();
        while (!req.toString().endsWith("\r\n\r\n") && ch.read(b) > 0) {
            b.flip();
            req.append((char) b.get());
            b.clear();
        }
        return req.toString();
    }

    public static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The 101 answer to a websocket handshake, with the Sec-WebSocket-Accept RFC 6455 4.2.2 asks for. */
    public static byte[] switching(String request) throws Exception {
        Matcher m = Pattern.compile("(?i)sec-websocket-key: *(\\S+)").matcher(request);
        String key = m.find() ? m.group(1) : "";
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(bytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
        return bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n");
    }

    /** An unmasked server frame (RFC 6455 5.2). */
    public static byte[] frame(int op, boolean fin, byte[] payload) {
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

    /** Reads one masked client frame: its opcode and unmasked payload. */
    public static Frame readFrame(SocketChannel ch) throws IOException {
        byte[] h = read(ch, 2);
        int len = h[1] & 0x7f;
        if (len >= 126) {
            throw new IOException("test server reads only short frames");
        }
        byte[] mask = (h[1] & 0x80) != 0 ? read(ch, 4) : new byte[4];
        byte[] payload = read(ch, len);
        for (int i = 0; i < len; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(h[0] & 0x0f, payload);
    }

    public record Frame(int op, byte[] payload) {
    }

    private static byte[] read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.array();
    }
}
