package dev.herald.os.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on the caller's thread: a JDK unix socket, and Netty's HTTP codec
 * (the same pipeline as {@link UnixHttpClient}'s) in an {@link EmbeddedChannel}. No native library
 * and no event-loop thread: for a process that makes one call and exits (the admin CLI), where
 * loading epoll and starting a loop cost more than the call itself (docs/adr/0018).
 */
final class BlockingExchange {
    private static final int READ_BUFFER = 64 << 10;

    private BlockingExchange() {
    }

    /** As {@link UnixHttpClient#exchange}: the same exceptions for the same failures. */
    static Reply exchange(Path socket, FullHttpRequest request, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        EmbeddedChannel codec = new EmbeddedChannel();
        ReplyHandler.install(codec.pipeline(), reply, UnixHttpClient.MAX_BODY);
        try (SocketChannel ch = connect(socket); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, 0);
            codec.writeOutbound(request);
            for (ByteBuf b; (b = codec.readOutbound()) != null; ) {
                try {
                    write(ch, key, b.nioBuffer(), deadline);
                } finally {
                    b.release();
                }
            }
            read(ch, key, codec, reply, deadline);
            // Done by now, or the deadline passed: the same wait settles both as the event-loop mode
            // does, before closing the codec could call the reply a connection that ended early.
            return UnixHttpClient.await(reply, deadline, timeoutMillis);
        } finally {
            codec.finishAndReleaseAll();
        }
    }

    /**
     * Blocking connect: a unix socket connects at once or fails at once (no listener, no permission).
     * The JDK says "No such file or directory" in a plain SocketException; callers expect
     * ConnectException with the OS's reason, as the event-loop mode throws.
     */
    private static SocketChannel connect(Path socket) throws IOException {
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            throw e;
        } catch (SocketException e) {
            ConnectException c = new ConnectException(e.getMessage());
            c.initCause(e);
            throw c;
        }
    }

    private static void write(SocketChannel ch, SelectionKey key, ByteBuffer bytes, long deadline) throws IOException {
        while (bytes.hasRemaining()) {
            // 0 written: the socket's buffer is full; the rest goes once it drains
            if (ch.write(bytes) == 0 && !waitFor(key, SelectionKey.OP_WRITE, deadline)) {
                throw new SocketTimeoutException("the server took no request within the time limit");
            }
        }
    }

    /** Feeds what arrives to the codec until it has the reply, the server closes, or the deadline passes. */
    private static void read(SocketChannel ch, SelectionKey key, EmbeddedChannel codec, CompletableFuture<Reply> reply,
                             long deadline) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
        while (!reply.isDone()) {
            int n = ch.read(buf.clear());
            if (n < 0) {
                // The end of the connection: a body delimited by the close is complete now, else an error.
                codec.close();
                return;
            }
            if (n > 0) {
                codec.writeInbound(Unpooled.copiedBuffer(buf.flip()));
            } else if (!waitFor(key, SelectionKey.OP_READ, deadline)) {
                return;
            }
        }
    }

    /** Whether the socket became ready for {@code op} before the deadline. */
    private static boolean waitFor(SelectionKey key, int op, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        key.interestOps(op);
        key.selector().select(left);
        key.selector().selectedKeys().clear();
        return true;
    }
}
