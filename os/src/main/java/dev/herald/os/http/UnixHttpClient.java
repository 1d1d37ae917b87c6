package dev.herald.os.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 to a server on a unix socket: one request per connection ({@code Connection: close}),
 * responses with Content-Length, chunked or up-to-close bodies; and websockets. Blocking calls
 * for the callers' threads; the I/O runs on {@code group}. {@code host} is the Host header (the
 * socket names the server; this is only what it expects to read), {@code userAgent} the User-Agent.
 * Without a group ({@link #blocking}) a request runs on the caller's thread, no websockets.
 */
public record UnixHttpClient(EventLoopGroup group, Path socket, String host, String userAgent) {
    /** Responses and websocket messages larger than this are refused (LXD's biggest answers are a few MB). */
    public static final int MAX_BODY = 256 << 20;
    /** A refused websocket's error body is short; more is not kept. */
    private static final int MAX_REFUSAL = 64 << 10;

    /**
     * A client that makes each request on the caller's thread (JDK socket, Netty's codec in an
     * embedded channel): no native library or event-loop thread to start, for a process that makes
     * one call and exits (the admin CLI). {@link #websocket} needs a group and refuses.
     */
    public static UnixHttpClient blocking(Path socket, String host, String userAgent) {
        return new UnixHttpClient(null, socket, host, userAgent);
    }

    /**
     * One request and its response, all within {@code timeoutMillis}.
     *
     * @throws ConnectException       when nothing can be reached at the socket (the message is the OS's reason)
     * @throws SocketTimeoutException when the response is not complete in time
     * @throws IOException            when the response is not HTTP or the connection ends inside it
     */
    public Reply exchange(String method, String target, byte[] body, long timeoutMillis) throws IOException {
        if (group == null) {
            return BlockingExchange.exchange(socket, request(method, target, body), timeoutMillis);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Channel ch = connect(p -> ReplyHandler.install(p, reply, MAX_BODY), timeoutMillis);
        try {
            ch.writeAndFlush(request(method, target, body)).addListener(f -> {
                if (!f.isSuccess()) {
                    reply.completeExceptionally(ReplyHandler.malformed(f.cause()));
                }
            });
            return await(reply, deadline, timeoutMillis);
        } finally {
            ch.close();
        }
    }

    /**
     * Opens a websocket on {@code target}; returns once the server switched protocols, within
     * {@code timeoutMillis}. Messages then go to {@code listener} until the returned handle is closed
     * or the connection ends.
     *
     * @throws RefusedException when the server answers the handshake with another status than 101
     * @throws IOException      when the connection fails
     * @throws UnsupportedOperationException for a {@link #blocking} client
     */
    public AutoCloseable websocket(String target, WebSocketListener listener, long timeoutMillis) throws IOException {
        if (group == null) {
            throw new UnsupportedOperationException("a websocket needs an event-loop group: not a blocking client's");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.USER_AGENT, userAgent);
        var handshaker = WebSocketClientHandshakerFactory.newHandshaker(URI.create("ws://" + host + target),
                WebSocketVersion.V13, null, false, headers, MAX_BODY);
        Channel ch = connect(p -> p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_REFUSAL),
                new WebSocketHandler(handshaker, opened, listener, MAX_BODY)), timeoutMillis);
        try {
            await(opened, deadline, timeoutMillis);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch::close;
    }

    private FullHttpRequest request(String method, String target, byte[] body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.USER_AGENT, userAgent)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (body.length > 0 || !method.equals("GET")) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        return r;
    }

    private interface Pipeline {
        void install(io.netty.channel.ChannelPipeline p);
    }

    private Channel connect(Pipeline pipeline, long timeoutMillis) throws IOException {
        ChannelHandler init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                pipeline.install(ch.pipeline());
            }
        };
        ChannelFuture f = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .handler(init).connect(new DomainSocketAddress(socket.toString()));
        if (!f.awaitUninterruptibly(timeoutMillis)) {
            f.channel().close();
            throw new SocketTimeoutException("connecting to " + socket + " took over " + timeoutMillis + " ms");
        }
        if (!f.isSuccess()) {
            // Netty says "connect(..) failed with error(-13): Permission denied: PATH", and nothing for a
            // missing file; callers show the OS's reason alone, as the JDK's sockets give it.
            String why = f.cause() instanceof java.io.FileNotFoundException ? "No such file or directory"
                    : String.valueOf(f.cause().getMessage()).replaceFirst("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ", "")
                            .replace(": " + socket, "");
            ConnectException e = new ConnectException(why);
            e.initCause(f.cause());
            throw e;
        }
        return f.channel();
    }

    /**
     * The future's value by the deadline. A timeout is settled by completing the future with it
     * first, so a handler that completes it at the same moment cannot also report success.
     */
    static <T> T await(CompletableFuture<T> future, long deadline, long timeoutMillis) throws IOException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (future.completeExceptionally(new SocketTimeoutException())) {
                throw new SocketTimeoutException("no complete answer within " + timeoutMillis + " ms");
            }
            return await(future, deadline, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            throw new InterruptedIOException("interrupted waiting for an answer");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        }
    }
}
