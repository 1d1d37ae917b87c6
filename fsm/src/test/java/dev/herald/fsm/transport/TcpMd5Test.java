package dev.herald.fsm.transport;

import static dev.herald.fsm.transport.TransportFixtures.LO;
import static dev.herald.fsm.transport.TransportFixtures.activeToB;
import static dev.herald.fsm.transport.TransportFixtures.passiveToA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.State;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TCP-MD5 over loopback (the kernel signs; works unprivileged): right key connects, wrong key never does. */
class TcpMd5Test {
    static SessionConfig withKey(SessionConfig c, String key, int ttl, int minTtl) {
        return c.toBuilder().tcpMd5Key(key == null ? null : key.getBytes(StandardCharsets.UTF_8)).ttl(ttl).minTtl(minTtl)
                .restarted(false).build();
    }

    @Test
    void sameKeyOnBothSidesEstablishesAlsoWithGtsm() throws Exception {
        try (BgpTransport b = new BgpTransport(TestLoops.SHARED); BgpTransport a = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
            RecordingListener lb = new RecordingListener();
            b.addPeer(withKey(passiveToA(), "s3cret", 255, 254), lb);
            RecordingListener la = new RecordingListener();
            a.addPeer(withKey(activeToB(bAddr.getPort()), "s3cret",
                    255, 254), la);
            la.awaitEstablished();
            lb.awaitEstablished();
        }
    }

    @Test
    void wrongKeyNeverEstablishesAndSaysWhy() throws Exception {
        try (BgpTransport b = new BgpTransport(TestLoops.SHARED); BgpTransport a = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
            RecordingListener lb = new RecordingListener();
            b.addPeer(withKey(passiveToA(), "k3y-one", 0, 0), lb);
            RecordingListener la = new RecordingListener();
            PeerSession s = a.addPeer(withKey(activeToB(bAddr.getPort()),
                    "k3y-two", 0, 0), la);
            String reason = la.downs.poll(10, TimeUnit.SECONDS);
            assertTrue(reason != null && reason.contains("TCP-MD5"), "reason: " + reason);
            assertNull(la.established.poll());
            assertNull(lb.established.poll());
            assertTrue(s.state() != State.ESTABLISHED);
            assertTrue(!s.lastError().contains("k3y"), "no key in the reason");
        }
    }

    @Test
    void missingKeyOnOneSideNeverEstablishes() throws Exception {
        try (BgpTransport b = new BgpTransport(TestLoops.SHARED); BgpTransport a = new BgpTransport(TestLoops.SHARED)) {
            InetSocketAddress bAddr = b.listen(new InetSocketAddress(LO, 0));
            RecordingListener lb = new RecordingListener();
            b.addPeer(withKey(passiveToA(), "only-here", 0, 0), lb);
            RecordingListener la = new RecordingListener();
            a.addPeer(activeToB(bAddr.getPort()), la);
            String reason = la.downs.poll(10, TimeUnit.SECONDS);
            assertEquals("connect timed out", reason);
            assertNull(lb.established.poll());
        }
    }
}
