package dev.herald.bgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.LogCapture;
import dev.herald.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenFailedTest {
    @TempDir
    Path dir;

    /** herald listening on 127.0.0.1 port {@code port}, with one peer that never answers. */
    private static dev.herald.config.HeraldConfig listeningOn(int port) throws Exception {
        return ConfigLoader.parse("t.yaml", """
                router:
                  asn: 65010
                  router-id: 192.0.2.1
                  listen: { address: 127.0.0.1, port: %d }
                peers:
                  - name: r1
                    address: 127.0.0.1
                    port: 9
                    asn: 65001
                    next-hop: { ipv4: 192.0.2.1 }
                """.formatted(port));
    }

    @Test
    void aTakenListenPortIsOneClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = listeningOn(taken.getLocalPort());
            ListenFailedException e = assertThrows(ListenFailedException.class, () -> Daemon.start(config, dir));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1 port " + taken.getLocalPort() + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }

    @Test
    void aFailedStartSaysNothingAboutARestartAndLeavesNoMarker() throws Exception {
        String text;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = listeningOn(taken.getLocalPort());
            text = LogCapture.during(() -> assertThrows(ListenFailedException.class, () -> Daemon.start(config, dir)));
        }
        assertFalse(text.contains("restart"), text);
        assertFalse(text.contains("stale"), text);
        // Nothing started: the next start is a first start, not a restart with the R bit.
        assertFalse(java.nio.file.Files.exists(dir.resolve(RestartMarker.FILE)));
    }

    @Test
    void aPrivilegedPortWithoutTheCapabilityNamesIt() {
        String m = ListenFailedException.message(new InetSocketAddress("::", 179),
                new IOException("bind(..) failed with error(-13): Permission denied"));
        assertEquals("cannot listen on 0:0:0:0:0:0:0:0 port 179: bind(..) failed with error(-13): Permission denied"
                + " (a port below 1024 needs CAP_NET_BIND_SERVICE: herald.service grants it with"
                + " AmbientCapabilities=CAP_NET_BIND_SERVICE; or listen on a port above 1023)", m);
    }
}
