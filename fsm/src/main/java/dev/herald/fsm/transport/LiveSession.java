package dev.herald.fsm.transport;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import dev.herald.fsm.Negotiated;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** The EstablishedSession handed to the listener: one connection, until it goes down. */
final class LiveSession implements EstablishedSession {
    private final String peerName;
    private final Channel channel;
    private final Negotiated negotiated;
    private final CodecContext context;
    private final MessageCounters counters;
    private volatile boolean valid = true;

    LiveSession(String peerName, Channel channel, Negotiated negotiated, MessageCounters counters) {
        this.counters = counters;
        this.peerName = peerName;
        this.channel = channel;
        this.negotiated = negotiated;
        this.context = negotiated.codecContext();
    }

    void invalidate() {
        valid = false;
    }

    @Override
    public String peerName() {
        return peerName;
    }

    @Override
    public Negotiated negotiated() {
        return negotiated;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public CodecContext codecContext() {
        return context;
    }

    @Override
    public void send(BgpMessage m) {
        if (!valid) {
            return;
        }
        ByteBuf buf = channel.alloc().buffer();
        try {
            MessageCodec.encode(m, context, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        counters.sent(m);
        channel.write(buf, channel.voidPromise());
    }

    @Override
    public void send(ByteBuf alreadyEncoded) {
        if (!valid) {
            alreadyEncoded.release();
            return;
        }
        counters.sent(alreadyEncoded);
        // A failed write (the channel closed meanwhile) releases the buffer.
        channel.write(alreadyEncoded, channel.voidPromise());
    }

    @Override
    public void flush() {
        if (valid) {
            channel.flush();
        }
    }

    @Override
    public boolean writable() {
        return valid && channel.isWritable();
    }

    @Override
    public long queuedBytes() {
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes(); // a volatile counter: safe from any thread
    }

    /** This session runs on {@code ch}. */
    boolean on(Channel ch) {
        return channel == ch;
    }

    @Override
    public String toString() {
        return "EstablishedSession[" + peerName + " " + remoteAddress() + " " + negotiated.families() + "]";
    }
}
