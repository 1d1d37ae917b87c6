package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.AdminConfig;
import dev.herald.os.EventLoops;
import dev.herald.os.http.Reply;
import dev.herald.os.http.Request;
import dev.herald.os.http.Response;
import dev.herald.os.http.UnixHttpClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket file's life: a second herald does not steal it, a stale one is replaced, close removes it. */
class AdminServerTest {
    @TempDir
    Path dir;

    private static Response ok(Request r) {
        return new Response(200, ("{\"path\":\"" + r.path() + "\"}").getBytes());
    }

    @Test
    void aSecondHeraldIsRefusedAndTheFirstKeepsServing() throws Exception {
        AdminConfig c = new AdminConfig(dir.resolve("run/herald.sock"), Optional.empty());
        try (AdminServer first = AdminServer.start(EventLoops.shared(), c, AdminServerTest::ok)) {
            IOException e = assertThrows(IOException.class, () -> AdminServer.start(EventLoops.shared(), c, AdminServerTest::ok));
            assertTrue(e.getMessage().contains("another process answers"), e.getMessage());
            assertEquals(200, get(c.socket(), "/x").status());
        }
        assertFalse(Files.exists(c.socket()), "close removes the socket");
    }

    private static Reply get(Path socket, String target) throws IOException {
        return new UnixHttpClient(EventLoops.shared(), socket, "herald", "test").exchange("GET", target, new byte[0], 10_000);
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path path = dir.resolve("herald.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // closed below without removing the file
        }
        assertTrue(Files.exists(path));
        try (AdminServer s = AdminServer.start(EventLoops.shared(), new AdminConfig(path, Optional.empty()), AdminServerTest::ok)) {
            assertEquals("{\"path\":\"/v1/x\"}", new String(get(path, "/v1/x?a=b").body()));
        }
    }

    @Test
    void modeAndGroup() throws Exception {
        // Giving a file to a group one is not in takes root; Debian always has the group daemon.
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path path = dir.resolve("herald.sock");
        try (AdminServer s = AdminServer.start(EventLoops.shared(), new AdminConfig(path, Optional.of("daemon")), AdminServerTest::ok)) {
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("daemon", Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class).group().getName());
        }
    }

    /**
     * The kernel's check, with real users: curl as nobody (uid 65534) is refused the socket of group
     * daemon, the same uid with daemon as a supplementary group gets an answer.
     */
    @Test
    void aUserOutsideTheGroupIsRefusedAndAMemberServed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/bin/curl")), "needs setpriv (util-linux) and curl");
        // nobody must be able to reach the socket's directory; only the socket's own mode may stop it.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path path = dir.resolve("herald.sock");
        try (AdminServer s = AdminServer.start(EventLoops.shared(), new AdminConfig(path, Optional.of("daemon")), AdminServerTest::ok)) {
            Curl outsider = curlAs(path, "--clear-groups");
            assertEquals(7, outsider.exit(), "curl's 'could not connect': " + outsider);
            // The same uid and command with only the group added gets through: the group was the reason.
            Curl member = curlAs(path, "--groups=daemon");
            assertEquals(0, member.exit(), member::toString);
            assertEquals("{\"path\":\"/v1/status\"}", member.output().strip());
        }
    }

    private record Curl(int exit, String output) {
    }

    private static Curl curlAs(Path socket, String groups) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", groups, "/usr/bin/curl",
                "-sS", "--max-time", "20", "--unix-socket", socket.toString(), "http://herald/v1/status")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Curl(p.waitFor(), out);
    }

    @Test
    void anUnknownGroupFailsTheStartAndLeavesNoFile() {
        Path path = dir.resolve("herald.sock");
        assertThrows(Exception.class, () -> AdminServer.start(EventLoops.shared(), new AdminConfig(path, Optional.of("no-such-group-x9")),
                AdminServerTest::ok));
        assertFalse(Files.exists(path));
    }
}
