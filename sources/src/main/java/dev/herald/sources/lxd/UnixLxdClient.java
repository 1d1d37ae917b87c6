package dev.herald.sources.lxd;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * LXD's REST API over its unix socket: one HTTP/1.1 request per connection
 * ({@code Connection: close}; Content-Length or chunked bodies), and the events websocket
 * (RFC 6455, text frames, pings answered). No dependency beyond the JDK.
 */
public final class UnixLxdClient implements LxdClient {
    static final int MAX_BODY = 256 << 20;
    private final Path socket;
    private final long timeoutMillis;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-lxd-timeout");
        t.setDaemon(true);
        return t;
    });

    public UnixLxdClient(Path socket, long timeoutMillis) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
    }

    public Path socket() {
        return socket;
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to LXD at " + socket + ": " + e.getMessage(), e);
        }
        return ch;
    }

    @Override
    public JsonNode get(String path) throws IOException {
        try (SocketChannel ch = connect()) {
            ScheduledFuture<?> timer = watchdog.schedule(() -> closeQuietly(ch), timeoutMillis, TimeUnit.MILLISECONDS);
            try {
                write(ch, "GET " + path + " HTTP/1.1\r\nHost: lxd\r\nUser-Agent: herald\r\nAccept: application/json\r\n"
                        + "Connection: close\r\n\r\n");
                Reader in = new Reader(ch);
                Head head = in.head();
                byte[] body = in.body(head);
                if (head.status != 200 && !head.contentType.startsWith("application/json")) {
                    throw new IOException("GET " + path + ": HTTP " + head.status);
                }
                return LxdJson.metadata(LxdJson.parse(body));
            } catch (IOException e) {
                if (timer.isDone()) {
                    throw new IOException("GET " + path + ": no answer from LXD within " + timeoutMillis + " ms", e);
                }
                throw e;
            } finally {
                timer.cancel(false);
            }
        }
    }

    @Override
    public EventStream events(EventListener listener) throws IOException {
        SocketChannel ch = connect();
        ScheduledFuture<?> timer = watchdog.schedule(() -> closeQuietly(ch), timeoutMillis, TimeUnit.MILLISECONDS);
        Reader in;
        try {
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            write(ch, "GET " + EVENTS_PATH + " HTTP/1.1\r\nHost: lxd\r\nUser-Agent: herald\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n");
            in = new Reader(ch);
            Head head = in.head();
            if (head.status != 101) {
                byte[] body = in.body(head);
                throw new IOException("LXD refused the events websocket: HTTP " + head.status + " "
                        + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        } finally {
            timer.cancel(false);
        }
        Thread t = new Thread(() -> readFrames(ch, in, listener), "herald-lxd-events");
        t.setDaemon(true);
        t.start();
        return () -> closeQuietly(ch);
    }

    private static void readFrames(SocketChannel ch, Reader in, EventListener listener) {
        Exception cause = null;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int b0 = in.u8();
                int b1 = in.u8();
                int op = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.u8() << 8) | in.u8();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.u8();
                    }
                }
                if (len < 0 || len > MAX_BODY) {
                    throw new IOException("websocket frame of " + len + " bytes");
                }
                byte[] mask = (b1 & 0x80) != 0 ? in.bytes(4) : null;
                byte[] payload = in.bytes((int) len);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                }
                switch (op) {
                    case 0x0, 0x1, 0x2 -> {
                        message.write(payload);
                        if (message.size() > MAX_BODY) {
                            throw new IOException("websocket message over " + MAX_BODY + " bytes");
                        }
                        if (fin) {
                            byte[] m = message.toByteArray();
                            message.reset();
                            JsonNode ev;
                            try {
                                ev = LxdJson.parse(m);
                            } catch (LxdJson.LxdGarbageException e) {
                                ev = null; // classified as "read everything again"
                            }
                            listener.event(ev);
                        }
                    }
                    case 0x8 -> throw new EOFException("LXD closed the events websocket");
                    case 0x9 -> sendFrame(ch, 0xA, payload);
                    case 0xA -> {
                    }
                    default -> throw new IOException("websocket opcode " + op);
                }
            }
        } catch (Exception e) {
            cause = e;
        } finally {
            closeQuietly(ch);
            listener.closed(cause);
        }
    }

    private static synchronized void sendFrame(SocketChannel ch, int op, byte[] payload) throws IOException {
        if (payload.length > 125) {
            return; // control frames are at most 125 bytes
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        ByteBuffer b = ByteBuffer.allocate(6 + payload.length);
        b.put((byte) (0x80 | op)).put((byte) (0x80 | payload.length)).put(mask);
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    record Head(int status, long contentLength, boolean chunked, String contentType) {
    }

    /** Buffered reads from the channel. */
    static final class Reader {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(64 << 10).flip();

        Reader(SocketChannel ch) {
            this.ch = ch;
        }

        private boolean fill() throws IOException {
            buf.compact();
            int n = ch.read(buf);
            buf.flip();
            return n > 0;
        }

        int u8() throws IOException {
            while (!buf.hasRemaining()) {
                if (!fill()) {
                    throw new EOFException("LXD closed the connection");
                }
            }
            return buf.get() & 0xff;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            int off = 0;
            while (off < n) {
                if (!buf.hasRemaining() && !fill()) {
                    throw new EOFException("LXD closed the connection");
                }
                int k = Math.min(n - off, buf.remaining());
                buf.get(out, off, k);
                off += k;
            }
            return out;
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = u8();
                if (c == '\n') {
                    int l = sb.length();
                    return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
                }
                sb.append((char) c);
                if (sb.length() > 64 << 10) {
                    throw new IOException("HTTP header line too long");
                }
            }
        }

        Head head() throws IOException {
            String status = line();
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: '" + status + "'");
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: '" + status + "'");
            }
            long length = -1;
            boolean chunked = false;
            String type = "";
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> {
                        try {
                            length = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad Content-Length '" + value + "'");
                        }
                    }
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "content-type" -> type = value.toLowerCase(Locale.ROOT);
                    default -> {
                    }
                }
            }
            return new Head(code, length, chunked, type);
        }

        byte[] body(Head h) throws IOException {
            if (h.chunked) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (true) {
                    String sizeLine = line();
                    int semi = sizeLine.indexOf(';');
                    long size;
                    try {
                        size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad chunk size '" + sizeLine + "'");
                    }
                    if (size < 0 || out.size() + size > MAX_BODY) {
                        throw new IOException("response body over " + MAX_BODY + " bytes");
                    }
                    if (size == 0) {
                        for (String t = line(); !t.isEmpty(); t = line()) {
                            // trailers
                        }
                        return out.toByteArray();
                    }
                    out.write(bytes((int) size));
                    line();
                }
            }
            if (h.contentLength >= 0) {
                if (h.contentLength > MAX_BODY) {
                    throw new IOException("response body over " + MAX_BODY + " bytes");
                }
                return bytes((int) h.contentLength);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (buf.hasRemaining()) {
                    byte[] b = new byte[buf.remaining()];
                    buf.get(b);
                    out.write(b);
                    if (out.size() > MAX_BODY) {
                        throw new IOException("response body over " + MAX_BODY + " bytes");
                    }
                }
                if (!fill()) {
                    return out.toByteArray();
                }
            }
        }
    }
}
