package dev.herald.os.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on a unix socket: one request per connection, {@code Connection: close}.
 * What the socket file's mode and owner are, and whether a stale one is replaced, is the caller's.
 */
public final class UnixHttpServer implements AutoCloseable {
    private final Channel server;

    private UnixHttpServer(Channel server) {
        this.server = server;
    }

    /**
     * Binds {@code path} and serves {@code handler} on it.
     *
     * @param malformed       the response to a request Netty's codec cannot read, given why
     * @param work            runs the handler and each response's {@code after} (they may block)
     * @param timeoutMillis   a connection that has not sent its whole request by then is closed
     * @throws IOException when the socket cannot be bound
     */
    public static UnixHttpServer bind(EventLoopGroup group, Path path, Function<Request, Response> handler,
            Function<String, Response> malformed, Executor work, long timeoutMillis) throws IOException {
        ChannelFuture f = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        RequestHandler.install(ch.pipeline(), new RequestHandler(handler, malformed, work, timeoutMillis));
                    }
                })
                .bind(new DomainSocketAddress(path.toString())).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot bind " + path + ": " + f.cause().getMessage(), f.cause());
        }
        return new UnixHttpServer(f.channel());
    }

    /** Stops accepting; connections being served finish. Netty removes the socket file. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }
}
