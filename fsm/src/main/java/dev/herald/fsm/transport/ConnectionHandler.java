package dev.herald.fsm.transport;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.fsm.ConnectionId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames and decodes one connection's bytes and turns channel life-cycle into FSM events. Runs on
 * the session's event loop, like its driver, so it calls the driver directly.
 */
final class ConnectionHandler extends ByteToMessageDecoder {
    private final PeerDriver driver;
    private final ConnectionId id;
    /** Before the OPEN exchange INITIAL; the FSM switches it once both OPENs are known. */
    private CodecContext context = CodecContext.INITIAL;
    private boolean failed;
    private Throwable lastFailure;

    ConnectionHandler(PeerDriver driver, ConnectionId id) {
        this.driver = driver;
        this.id = id;
    }

    CodecContext context() {
        return context;
    }

    void context(CodecContext c) {
        context = c;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        driver.connected(id);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // What the connection holds unread: at most one read (the epoll channel's adaptive receive
        // buffer, 64 KiB at most) plus the start of one message, since every whole message is
        // decoded and dropped below before the next read. A trickling or flooding peer costs no more.
        driver.backlog(in.readableBytes());
        while (!failed && ctx.channel().isActive()) {
            try {
                int length = MessageCodec.frameLength(in, context);
                if (length < 0 || in.readableBytes() < length) {
                    return;
                }
                ByteBuf frame = in.readSlice(length);
                BgpMessage m = MessageCodec.decode(frame, context);
                driver.received(id, m);
            } catch (BgpDecodeException e) {
                // Nothing after a bad message can be trusted; the FSM sends the NOTIFICATION and closes.
                failed = true;
                driver.decodeError(id, e);
            }
        }
        in.skipBytes(in.readableBytes());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        driver.disconnected(id, lastFailure == null ? "connection closed by peer" : Reasons.describe(lastFailure));
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        driver.writability(id, ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lastFailure = cause;
        ctx.close();
    }
}
