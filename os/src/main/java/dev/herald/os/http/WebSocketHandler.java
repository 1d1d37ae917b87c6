package dev.herald.os.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one websocket (RFC 6455): the opening handshake (a refusal's status and the
 * start of its body become the error), then messages to the listener and pings answered.
 */
final class WebSocketHandler extends SimpleChannelInboundHandler<Object> {
    private final WebSocketClientHandshaker handshaker;
    private final CompletableFuture<Void> opened;
    private final WebSocketListener listener;
    private final int maxMessage;
    private Exception cause;

    WebSocketHandler(WebSocketClientHandshaker handshaker, CompletableFuture<Void> opened, WebSocketListener listener,
            int maxMessage) {
        this.handshaker = handshaker;
        this.opened = opened;
        this.listener = listener;
        this.maxMessage = maxMessage;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(ReplyHandler.malformed(f.cause()));
            }
        });
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!handshaker.isHandshakeComplete()) {
            FullHttpResponse r = (FullHttpResponse) msg;
            if (r.decoderResult().isFailure()) {
                throw ReplyHandler.malformed(r.decoderResult().cause());
            }
            if (!r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                String body = r.content().toString(StandardCharsets.UTF_8);
                throw new RefusedException("HTTP " + r.status().code() + " " + body.substring(0, Math.min(body.length(), 300)).strip());
            }
            // Swaps Netty's HTTP codec for the websocket frame codec; frames that came in the same
            // read as the 101 go to the frame decoder.
            handshaker.finishHandshake(ctx.channel(), r);
            ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessage));
            opened.complete(null);
        } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            listener.message(ByteBufUtil.getBytes(((io.netty.buffer.ByteBufHolder) msg).content()));
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (msg instanceof CloseWebSocketFrame) {
            cause = new EOFException("the server closed the websocket");
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t instanceof Exception e ? e : new IOException(t);
        }
        opened.completeExceptionally(ReplyHandler.malformed(t));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (opened.isDone() && !opened.isCompletedExceptionally()) {
            listener.closed(cause != null ? cause : new EOFException("the websocket connection closed"));
        } else {
            opened.completeExceptionally(new IOException("the connection closed during the websocket handshake"));
        }
        super.channelInactive(ctx);
    }
}
