package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.AdminConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket file's life: a second herald does not steal it, a stale one is replaced, close removes it. */
class AdminServerTest {
    @TempDir
    Path dir;

    private static HttpWire.Response ok(HttpWire.Request r) {
        return new HttpWire.Response(200, ("{\"path\":\"" + r.path() + "\"}").getBytes());
    }

    @Test
    void aSecondHeraldIsRefusedAndTheFirstKeepsServing() throws Exception {
        AdminConfig c = new AdminConfig(dir.resolve("run/herald.sock"), Optional.empty());
        try (AdminServer first = AdminServer.start(c, AdminServerTest::ok)) {
            IOException e = assertThrows(IOException.class, () -> AdminServer.start(c, AdminServerTest::ok));
            assertTrue(e.getMessage().contains("another process answers"), e.getMessage());
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(c.socket()))) {
                assertEquals(200, HttpWireClient.exchange(ch, "GET", "/x", new byte[0]).status());
            }
        }
        assertFalse(Files.exists(c.socket()), "close removes the socket");
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path path = dir.resolve("herald.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // closed below without removing the file
        }
        assertTrue(Files.exists(path));
        try (AdminServer s = AdminServer.start(new AdminConfig(path, Optional.empty()), AdminServerTest::ok);
             SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertEquals("{\"path\":\"/v1/x\"}", new String(HttpWireClient.exchange(ch, "GET", "/v1/x?a=b", new byte[0]).body()));
        }
    }

    @Test
    void modeAndGroup() throws Exception {
        // Giving a file to a group one is not in takes root; Debian always has the group daemon.
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path path = dir.resolve("herald.sock");
        try (AdminServer s = AdminServer.start(new AdminConfig(path, Optional.of("daemon")), AdminServerTest::ok)) {
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("daemon", Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class).group().getName());
        }
    }

    @Test
    void anUnknownGroupFailsTheStartAndLeavesNoFile() {
        Path path = dir.resolve("herald.sock");
        assertThrows(Exception.class, () -> AdminServer.start(new AdminConfig(path, Optional.of("no-such-group-x9")),
                AdminServerTest::ok));
        assertFalse(Files.exists(path));
    }
}
