package dev.herald.sources;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops of this module's tests: one group for the test JVM, as the daemon has one (it
 * makes its own with fsm's EventLoops, which this module cannot see). Never shut down: its
 * threads are daemon threads, and a source's close leaves it running.
 */
public final class TestLoops {
    public static final EventLoopGroup SHARED =
            new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("test-io", true), EpollIoHandler.newFactory());

    private TestLoops() {
    }
}
