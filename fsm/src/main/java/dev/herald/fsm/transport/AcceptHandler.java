package dev.herald.fsm.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * Sits on a listening socket before Netty's own acceptor and takes every accepted connection:
 * one from a configured peer moves to that peer's event loop (one owner per session), anything
 * else is closed at once, before a single byte is sent.
 */
@ChannelHandler.Sharable
final class AcceptHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("session");
    private final Function<InetSocketAddress, PeerDriver> peers;

    AcceptHandler(Function<InetSocketAddress, PeerDriver> peers) {
        this.peers = peers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        InetSocketAddress remote = (InetSocketAddress) child.remoteAddress();
        PeerDriver peer = remote == null ? null : peers.apply(remote);
        if (peer == null) {
            LOG.log(System.Logger.Level.INFO, "refused connection from {0}: not a configured peer", remote);
            child.unsafe().closeForcibly();
            return;
        }
        peer.accept(child);
    }
}
