package dev.herald.bgpd;

import dev.herald.os.EventLoops;
import io.netty.channel.EventLoopGroup;

/**
 * The event loops of this module's test routers and standalone parts: one group for the test
 * JVM, as a daemon has one. Never shut down (daemon threads); each daemon a test starts makes and
 * stops its own.
 */
public final class TestLoops {
    public static final EventLoopGroup SHARED = EventLoops.create("test-io", 2);

    private TestLoops() {
    }
}
