package dev.herald.os.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Completes a future with the one response of a connection, or with an IOException saying what
 * was wrong with it: whatever bytes arrive, the future ends when the connection does.
 */
final class ReplyHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<Reply> reply;

    ReplyHandler(CompletableFuture<Reply> reply) {
        this.reply = reply;
    }

    /** Netty's codec, the aggregator (body limit {@code maxBody}) and this: the client's whole pipeline. */
    static void install(ChannelPipeline p, CompletableFuture<Reply> reply, int maxBody) {
        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(maxBody), new ReplyHandler(reply));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
        if (r.decoderResult().isFailure()) {
            reply.completeExceptionally(malformed(r.decoderResult().cause()));
        } else if (r.status().code() < 100 || r.status().code() > 999) {
            // RFC 9110 15: a status code is three digits; Netty's decoder takes any integer.
            reply.completeExceptionally(new IOException("malformed HTTP response: status code " + r.status().code()));
        } else {
            String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
            reply.complete(new Reply(r.status().code(), type, ByteBufUtil.getBytes(r.content())));
        }
        ctx.close();
    }

    static IOException malformed(Throwable cause) {
        return cause instanceof IOException io ? io : new IOException("malformed HTTP response: " + cause.getMessage(), cause);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reply.completeExceptionally(malformed(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reply.completeExceptionally(new IOException("the connection closed before a complete HTTP response"));
        super.channelInactive(ctx);
    }
}
