package dev.herald.fsm.transport;

import dev.herald.os.EventLoops;
import io.netty.channel.EventLoopGroup;

/**
 * The event loops of this module's tests: one group for the test JVM, as the daemon has one. It
 * is never shut down (its threads are daemon threads); a transport's close leaves it running.
 */
final class TestLoops {
    static final EventLoopGroup SHARED = EventLoops.create("test-io", 2);

    private TestLoops() {
    }
}
