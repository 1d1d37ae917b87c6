package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Capability;
import dev.herald.codec.Family;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.fsm.SessionConfig;
import dev.herald.fsm.transport.BgpTransport;
import dev.herald.fsm.transport.EstablishedSession;
import dev.herald.fsm.transport.SessionListener;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's stops seen from a peer on loopback (herald's own transport playing the router):
 * SIGTERM's close ends the session without NOTIFICATION and leaves the restart marker, so the
 * next start sets the R bit; shutdown and disablePeer send Cease/2 with the message (inside a Hard
 * Reset, as both sides set N); enablePeer brings the session back.
 */
class DaemonStopTest {
    @TempDir
    Path state;
    private BgpTransport router;
    private final BlockingQueue<EstablishedSession> up = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> down = new LinkedBlockingQueue<>();
    private int port;

    @BeforeEach
    void router() throws Exception {
        router = new BgpTransport(1);
        port = router.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
        router.addPeer(new SessionConfig("herald", InetAddress.getLoopbackAddress(), 179, null, 65001, 65010,
                (Inet4Address) InetAddress.getByName("192.0.2.254"), 30, Set.of(Family.IPV4_UNICAST), true,
                Duration.ofSeconds(1)), new SessionListener() {
                    @Override
                    public void established(EstablishedSession s) {
                        up.add(s);
                    }

                    @Override
                    public void down(String peerName, String reason) {
                        down.add(reason);
                    }
                });
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private HeraldConfig config() throws Exception {
        return ConfigLoader.parse("t.yaml", """
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                peers:
                  - name: r1
                    address: 127.0.0.1
                    port: %d
                    asn: 65001
                    families: [ipv4-unicast]
                    connect-retry: 1
                    graceful-restart: { restart-time: 30 }
                    next-hop: { ipv4: 192.0.2.1 }   # loopback is no valid NEXT_HOP; the router would reset
                sources:
                  static:
                    - prefix: 203.0.113.0/24
                """.formatted(port));
    }

    private EstablishedSession awaitUp() throws InterruptedException {
        EstablishedSession s = up.poll(20, TimeUnit.SECONDS);
        assertNotNull(s, "herald did not connect; downs: " + down);
        return s;
    }

    private String awaitDown() throws InterruptedException {
        String r = down.poll(20, TimeUnit.SECONDS);
        assertNotNull(r, "session did not go down");
        return r;
    }

    private static Capability.GracefulRestart gr(EstablishedSession s) {
        return s.peerOpen().capability(Capability.GracefulRestart.class).orElseThrow();
    }

    @Test
    void closeIsSilentAndTheNextStartIsARestart() throws Exception {
        Daemon first = Daemon.start(config(), state);
        EstablishedSession s1 = awaitUp();
        assertFalse(gr(s1).restarting(), "a first start is no restart");
        assertTrue(gr(s1).notification(), "N bit");
        assertEquals(30, gr(s1).restartTime());
        first.close();
        // Silent: no NOTIFICATION. Linux ends the connection with a RST instead of a FIN when
        // herald's socket still holds unread bytes (a KEEPALIVE that just arrived); either way
        // the router sees the TCP session end without a NOTIFICATION (RFC 4724 4.2).
        String down = awaitDown();
        assertTrue(down.equals("connection closed by peer") || down.equals("connection reset by peer"), down);
        assertTrue(Files.exists(state.resolve(RestartMarker.FILE)));

        Daemon second = Daemon.start(config(), state);
        try {
            assertTrue(gr(awaitUp()).restarting(), "R bit after a restart");
        } finally {
            second.shutdown("done");
        }
        assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"done\")", awaitDown());
        assertFalse(Files.exists(state.resolve(RestartMarker.FILE)), "a stop for good clears the marker");
    }

    @Test
    void disableAndEnableOnePeer() throws Exception {
        Daemon d = Daemon.start(config(), state);
        try {
            awaitUp();
            assertTrue(d.disablePeer("r1", "maintenance window"));
            assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"maintenance window\")", awaitDown());
            var peer = d.peerSession("r1").orElseThrow();
            for (int i = 0; i < 100 && !peer.lastError().contains("maintenance window"); i++) {
                Thread.sleep(20); // the router may see the NOTIFICATION before herald's loop records its own reason
            }
            assertTrue(peer.lastError().contains("maintenance window"), peer.lastError());
            assertFalse(d.disablePeer("nobody", "x"));
            assertTrue(d.enablePeer("r1"));
            awaitUp();
        } finally {
            d.shutdown("test over");
        }
    }
}
