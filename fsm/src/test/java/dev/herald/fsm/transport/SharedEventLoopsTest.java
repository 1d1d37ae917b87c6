package dev.herald.fsm.transport;

import dev.herald.os.EventLoops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The daemon's one group: named daemon threads, and transports that use it without owning it. */
class SharedEventLoopsTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void threadsAreNamedDaemonThreads() throws Exception {
        EventLoopGroup g = EventLoops.create("named", 2);
        try {
            Thread first = g.next().submit(Thread::currentThread).get();
            Thread second = g.next().submit(Thread::currentThread).get();
            assertEquals("named-1", first.getName());
            assertEquals("named-2", second.getName());
            assertTrue(first.isDaemon(), "a forgotten group must not keep the JVM alive");
        } finally {
            EventLoops.shutdown(g);
        }
        assertTrue(g.isTerminated(), "shutdown waits for the loops to end");
    }

    @Test
    void closingATransportLeavesTheGroupToOthers() throws Exception {
        EventLoopGroup g = EventLoops.create("shared", 1);
        try {
            BgpTransport first = new BgpTransport(g);
            first.listen(ANY_LOOPBACK_PORT);
            first.close();
            BgpTransport second = new BgpTransport(g);
            second.shutdown(dev.herald.codec.Notification.ceaseWithMessage(2, "bye"));
            assertFalse(g.isShuttingDown(), "the group is its owner's to stop");
            try (BgpTransport third = new BgpTransport(g)) {
                assertTrue(third.listen(ANY_LOOPBACK_PORT).getPort() > 0, "the loops still take new sockets");
            }
        } finally {
            EventLoops.shutdown(g);
        }
    }
}
