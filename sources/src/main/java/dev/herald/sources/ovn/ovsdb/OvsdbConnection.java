package dev.herald.sources.ovn.ovsdb;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 1.0 connection to an OVSDB server (RFC 7047 section 4) on Netty: requests with
 * replies matched by id, notifications handed to a listener, and {@code echo} both ways. When
 * nothing arrives for a probe interval it sends an echo; when the next interval passes without a
 * byte it closes the connection, as ovsdb-server and ovn-controller do.
 */
public final class OvsdbConnection implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

    /** Notifications (requests without a reply expected, and the connection's end). */
    public interface Listener {
        void notification(String method, JsonNode params);

        void closed(String why);
    }

    private final Channel channel;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final OvsdbRemote remote;
    private volatile String closeReason;

    private OvsdbConnection(Channel channel, OvsdbRemote remote) {
        this.channel = channel;
        this.remote = remote;
    }

    /**
     * Connects. {@code probeMillis} 0 turns the inactivity probe off (OVS's default on unix sockets).
     */
    public static CompletableFuture<OvsdbConnection> connect(EventLoopGroup group, OvsdbRemote remote, TlsFiles tls,
            int connectTimeoutMillis, long probeMillis, Listener listener) {
        CompletableFuture<OvsdbConnection> result = new CompletableFuture<>();
        SslContext ssl;
        try {
            ssl = remote.kind() == OvsdbRemote.Kind.SSL ? sslContext(tls) : null;
        } catch (Exception e) {
            result.completeExceptionally(e);
            return result;
        }
        OvsdbConnection[] self = new OvsdbConnection[1];
        Bootstrap b = new Bootstrap().group(group)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc(), remote.host(), remote.port()));
                        }
                        if (probeMillis > 0) {
                            p.addLast(new IdleStateHandler(probeMillis, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        p.addLast(new Framing());
                        p.addLast(new Handler(() -> self[0], listener));
                    }
                });
        ChannelFuture f;
        if (remote.kind() == OvsdbRemote.Kind.UNIX) {
            f = b.channel(EpollDomainSocketChannel.class).connect(new DomainSocketAddress(remote.path().toString()));
        } else {
            f = b.channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .connect(new InetSocketAddress(remote.host(), remote.port()));
        }
        f.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new OvsdbException(remote + ": " + OvsdbException.reason(done.cause()), done.cause()));
                return;
            }
            OvsdbConnection c = new OvsdbConnection(f.channel(), remote);
            self[0] = c;
            f.channel().closeFuture().addListener(x -> c.failAll());
            result.complete(c);
        });
        return result;
    }

    private static SslContext sslContext(TlsFiles tls) throws Exception {
        if (tls == null) {
            throw new OvsdbException("an ssl: remote needs a private key, a certificate and a CA certificate");
        }
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
                .trustManager(tls.caCertificate().toFile())
                .endpointIdentificationAlgorithm(null) // OVS checks the CA, not the name
                .build();
    }

    public OvsdbRemote remote() {
        return remote;
    }

    /** Sends a request; the future completes with its result, or fails with the server's error. */
    public CompletableFuture<JsonNode> request(String method, JsonNode... params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ArrayNode ps = F.arrayNode();
        for (JsonNode p : params) {
            ps.add(p);
        }
        ObjectNode msg = F.objectNode().put("id", id).put("method", method);
        msg.set("params", ps);
        if (!channel.isActive()) {
            pending.remove(id);
            f.completeExceptionally(new OvsdbException(remote + ": connection closed" + reasonSuffix()));
            return f;
        }
        write(msg);
        return f;
    }

    private void write(JsonNode msg) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(msg)));
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public void close(String why) {
        if (closeReason == null) {
            closeReason = why;
        }
        channel.close();
    }

    @Override
    public void close() {
        close("closed by herald");
    }

    private String reasonSuffix() {
        return closeReason == null ? "" : " (" + closeReason + ")";
    }

    private void failAll() {
        for (var e : pending.entrySet()) {
            e.getValue().completeExceptionally(new OvsdbException(remote + ": connection closed" + reasonSuffix()));
        }
        pending.clear();
    }

    /** Turns the byte stream into parsed JSON values. */
    private static final class Framing extends ByteToMessageDecoder {
        private final JsonFramer framer = new JsonFramer(MAX_MESSAGE_BYTES);

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int n = in.readableBytes();
            byte[] bytes = new byte[n];
            in.readBytes(bytes);
            for (byte[] value : framer.feed(bytes, 0, n)) {
                out.add(JSON.readTree(value));
            }
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<JsonNode> {
        private final java.util.function.Supplier<OvsdbConnection> conn;
        private final Listener listener;
        private boolean echoOutstanding;
        private boolean closedReported;

        Handler(java.util.function.Supplier<OvsdbConnection> conn, Listener listener) {
            this.conn = conn;
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, JsonNode msg) {
            echoOutstanding = false;
            OvsdbConnection c = conn.get();
            if (c == null) {
                return; // cannot happen: nothing is sent before the connection exists
            }
            JsonNode method = msg.get("method");
            if (method != null && method.isString()) {
                JsonNode id = msg.path("id");
                JsonNode params = msg.path("params");
                if ("echo".equals(method.asString()) && !id.isNull() && !id.isMissingNode()) {
                    ObjectNode reply = F.objectNode();
                    reply.set("id", id);
                    reply.set("result", params);
                    reply.putNull("error");
                    c.write(reply);
                } else if (id.isNull() || id.isMissingNode()) {
                    listener.notification(method.asString(), params);
                } else {
                    ObjectNode reply = F.objectNode();
                    reply.set("id", id);
                    reply.putNull("result");
                    reply.put("error", "unknown method");
                    c.write(reply);
                }
                return;
            }
            JsonNode id = msg.path("id");
            if ("echo".equals(id.asString(""))) {
                return; // the answer to our probe; receiving it already counted
            }
            CompletableFuture<JsonNode> f = id.canConvertToLong() ? c.pending.remove(id.asLong()) : null;
            if (f == null) {
                return; // a reply nobody waits for (an abandoned request): harmless
            }
            JsonNode error = msg.path("error");
            if (!error.isNull() && !error.isMissingNode()) {
                String text = error.isObject() ? error.path("error").asString("") + ": " + error.path("details").asString("")
                        : error.asString(error.toString());
                f.completeExceptionally(new OvsdbException(text));
            } else {
                f.complete(msg.path("result"));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                OvsdbConnection c = conn.get();
                if (echoOutstanding) {
                    if (c != null) {
                        c.close("no answer to the inactivity probe");
                    } else {
                        ctx.close();
                    }
                    return;
                }
                echoOutstanding = true;
                ObjectNode echo = F.objectNode().put("id", "echo").put("method", "echo");
                echo.set("params", F.arrayNode());
                ctx.writeAndFlush(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(echo)));
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            report(ctx);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            OvsdbConnection c = conn.get();
            String why = cause.getCause() instanceof JsonFramer.FramingException fe ? fe.getMessage()
                    : String.valueOf(cause.getMessage());
            if (c != null) {
                c.close(why);
            } else {
                ctx.close();
            }
        }

        private void report(ChannelHandlerContext ctx) {
            if (closedReported) {
                return;
            }
            closedReported = true;
            OvsdbConnection c = conn.get();
            listener.closed(c != null && c.closeReason != null ? c.closeReason : "the server closed the connection");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
