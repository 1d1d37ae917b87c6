package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import dev.herald.bgpd.testkit.LoopbackRouter;
import dev.herald.codec.Capability;
import dev.herald.config.ConfigLoader;
import dev.herald.config.HeraldConfig;
import dev.herald.fsm.transport.EstablishedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    @RegisterExtension
    final LoopbackRouter router = LoopbackRouter.perTest();

    private HeraldConfig config() throws Exception {
        return ConfigLoader.parse("t.yaml", HeraldYaml.lab()
                .peer(HeraldYaml.Peer.loopback("r1", router).line("graceful-restart: { restart-time: 30 }"))
                .statics("203.0.113.0/24").build());
    }

    private static Capability.GracefulRestart gr(EstablishedSession s) {
        return s.peerOpen().capability(Capability.GracefulRestart.class).orElseThrow();
    }

    @Test
    void closeIsSilentAndTheNextStartIsARestart() throws Exception {
        Daemon first = Daemon.start(config(), state);
        EstablishedSession s1 = router.awaitUp();
        assertFalse(gr(s1).restarting(), "a first start is no restart");
        assertTrue(gr(s1).notification(), "N bit");
        assertEquals(30, gr(s1).restartTime());
        first.close();
        // Silent: no NOTIFICATION. Linux ends the connection with a RST instead of a FIN when
        // herald's socket still holds unread bytes (a KEEPALIVE that just arrived); either way
        // the router sees the TCP session end without a NOTIFICATION (RFC 4724 4.2).
        String down = router.awaitDown();
        assertTrue(down.equals("connection closed by peer") || down.equals("connection reset by peer"), down);
        assertTrue(Files.exists(state.resolve(RestartMarker.FILE)));
        assertTrue(first.eventLoops().isTerminated(), "a stop for a restart ends the event loops, last");

        Daemon second = Daemon.start(config(), state);
        try {
            assertTrue(gr(router.awaitUp()).restarting(), "R bit after a restart");
        } finally {
            second.shutdown("done");
        }
        assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"done\")", router.awaitDown());
        assertFalse(Files.exists(state.resolve(RestartMarker.FILE)), "a stop for good clears the marker");
        assertTrue(second.eventLoops().isTerminated(), "a stop for good ends the event loops, after the NOTIFICATIONs");
    }

    @Test
    void disableAndEnableOnePeer() throws Exception {
        Daemon d = Daemon.start(config(), state);
        try {
            router.awaitUp();
            assertTrue(d.disablePeer("r1", "maintenance window"));
            assertEquals("peer sent NOTIFICATION 6/9 (hard reset: 6/2 \"maintenance window\")", router.awaitDown());
            var peer = d.peerSession("r1").orElseThrow();
            for (int i = 0; i < 100 && !peer.lastError().contains("maintenance window"); i++) {
                Thread.sleep(20); // the router may see the NOTIFICATION before herald's loop records its own reason
            }
            assertTrue(peer.lastError().contains("maintenance window"), peer.lastError());
            assertFalse(d.disablePeer("nobody", "x"));
            assertTrue(d.enablePeer("r1"));
            router.awaitUp();
        } finally {
            d.shutdown("test over");
        }
    }
}
