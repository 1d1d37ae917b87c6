package dev.herald.os;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How herald makes an event-loop group: native epoll, threads named {@code NAME-1}, {@code NAME-2}
 * (thread dumps are how operators debug). The daemon makes one group for all its socket I/O and
 * timers and hands it out (docs/adr/0014-one-event-loop-group.md); components never make their own.
 * A process that is only a client (the CLI, tests) takes {@link #shared()}.
 */
public final class EventLoops {
    /** How long {@link #shutdown} waits for the loops to finish. */
    private static final long SHUTDOWN_WAIT_MILLIS = 3000;

    private EventLoops() {
    }

    /** The daemon's loop count: one per CPU, at most 4 (BGP sessions are spread over them; more only add switches). */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A group of {@code threads} epoll loops. The threads are daemon threads: a group someone forgot
     * to shut down never keeps the JVM alive; the daemon still shuts its group down on every stop.
     */
    public static EventLoopGroup create(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> {
            // FastThreadLocalThread: Netty's thread-locals (buffer caches) are fastest on its own thread type
            Thread t = new FastThreadLocalThread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new MultiThreadIoEventLoopGroup(threads, named, EpollIoHandler.newFactory());
    }

    /**
     * One loop for a process that is only a client (the admin CLI) and for tests, made on first use;
     * daemon threads, so such a process ends without closing it. The daemon never uses it.
     */
    public static EventLoopGroup shared() {
        return Shared.GROUP;
    }

    private static final class Shared {
        static final EventLoopGroup GROUP = create("herald-client-io", 1);
    }

    /** Stops the group once everything that uses it is closed; waits briefly for its loops to end. */
    public static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
    }
}
