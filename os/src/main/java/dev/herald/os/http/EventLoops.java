package dev.herald.os.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one place that makes the event-loop group for unix-socket HTTP, until the daemon owns a
 * single group for all I/O: callers pass {@link #shared()} to the constructors, so handing them
 * the daemon's group instead is a change at the call sites only.
 */
public final class EventLoops {
    private EventLoops() {
    }

    /** One epoll thread, made on first use; daemon threads, so a CLI run can end without closing it. */
    public static EventLoopGroup shared() {
        return Holder.GROUP;
    }

    private static final class Holder {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("herald-unix-http", true), EpollIoHandler.newFactory());
    }
}
