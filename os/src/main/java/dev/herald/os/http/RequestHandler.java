package dev.herald.os.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The server side of one connection: its first request goes to the handler on {@code work} (the
 * handler may block; the event loop must not), the response is written, the connection closed,
 * and then the response's {@code after} runs, on {@code work} too.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Head and body limits: the admin API's requests are small. */
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY = 4 * 1024 * 1024;
    private final Function<Request, Response> handler;
    private final Function<String, Response> malformed;
    private final Executor work;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;
    private boolean answered;

    RequestHandler(Function<Request, Response> handler, Function<String, Response> malformed, Executor work,
            long timeoutMillis) {
        this.handler = handler;
        this.malformed = malformed;
        this.work = work;
        this.timeoutMillis = timeoutMillis;
    }

    /** Netty's codec, the aggregator and this: the server's whole pipeline for one connection. */
    static void install(ChannelPipeline p, RequestHandler h) {
        p.addLast(new HttpServerCodec(4096, MAX_HEAD, 8192), new HttpObjectAggregator(MAX_BODY), h);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // A client that has not sent its whole request by then is cut off, not waited for.
        timeout = ctx.executor().schedule(() -> {
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest r) {
        if (answered) {
            return; // one request per connection
        }
        answered = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (r.decoderResult().isFailure()) {
            Throwable cause = r.decoderResult().cause();
            Response bad = malformed.apply("not an HTTP/1.x request: " + cause.getMessage());
            work.execute(() -> respond(ctx, bad));
            return;
        }
        Request request = request(r);
        work.execute(() -> respond(ctx, handler.apply(request)));
    }

    static Request request(FullHttpRequest r) {
        QueryStringDecoder d = new QueryStringDecoder(r.uri());
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : d.parameters().entrySet()) {
            query.put(e.getKey(), e.getValue().getLast());
        }
        return new Request(r.method().name(), d.rawPath(), query, ByteBufUtil.getBytes(r.content()));
    }

    private void respond(ChannelHandlerContext ctx, Response r) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.channel().closeFuture().addListener(f -> work.execute(r.after()));
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a broken connection; the request, if any, was answered or never came whole
    }
}
