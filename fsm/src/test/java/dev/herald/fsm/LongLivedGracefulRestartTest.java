package dev.herald.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Open;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 9494 long-lived graceful restart, the restarting speaker's capability. */
class LongLivedGracefulRestartTest {
    static SessionConfig cfg(int restartTime, long staleTime) {
        return SessionConfig.builder().peerName("peer1").remoteAddress(Fixtures.ip("127.0.0.2")).localAsn(65001)
                .remoteAsn(65002).routerId(Fixtures.ip("10.0.0.1")).holdTime(90)
                .families(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)).connectRetryTime(Duration.ofSeconds(10))
                .gracefulRestartTime(restartTime).longLivedStaleTime(staleTime).build();
    }

    private static List<Capability.LongLivedGracefulRestart> llgr(Open o) {
        return o.capabilities(Capability.LongLivedGracefulRestart.class);
    }

    @Test
    void capability71PerFamilyWithFAndTheStaleTime() throws Exception {
        Open o = LocalOpen.build(cfg(120, 0x012345));
        List<Capability.LongLivedGracefulRestart> c = llgr(o);
        assertEquals(1, c.size());
        assertEquals(List.of(new Capability.LongLivedGracefulRestart.Entry(1, 1, 0x80, 0x012345),
                new Capability.LongLivedGracefulRestart.Entry(2, 1, 0x80, 0x012345)), c.getFirst().entries());
        assertEquals(71, c.getFirst().code());
        assertTrue(o.capability(Capability.GracefulRestart.class).isPresent(), "RFC 9494 needs the GR capability too");
        // It survives the wire as capability 71.
        var buf = io.netty.buffer.Unpooled.buffer();
        MessageCodec.encode(o, dev.herald.codec.CodecContext.INITIAL, buf);
        Open back = (Open) MessageCodec.decode(buf, dev.herald.codec.CodecContext.INITIAL);
        assertEquals(c, llgr(back));
    }

    @Test
    void offByDefaultAndRefusedWithoutGracefulRestart() {
        assertEquals(List.of(), llgr(LocalOpen.build(cfg(120, -1))));
        assertThrows(IllegalArgumentException.class, () -> cfg(-1, 3600));
        assertThrows(IllegalArgumentException.class, () -> cfg(120, 0x1000000));
        assertTrue(cfg(120, 3600).toString().contains("llgr 3600"));
    }
}
