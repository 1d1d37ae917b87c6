package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.os.http.ScriptedUnixServer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says when herald cannot be reached or answers wrongly: the texts operators read. */
class AdminClientTest {
    @TempDir
    Path dir;

    private static String unreachable(AdminClient c) {
        return assertThrows(AdminClient.Unreachable.class, () -> c.get("/v1/status")).getMessage();
    }

    @Test
    void noSocketFile() {
        Path sock = dir.resolve("none.sock");
        assertEquals("cannot reach herald: " + sock + " does not exist (is herald running? is admin.socket set"
                + " elsewhere? use --socket, --instance or HERALD_SOCKET)", unreachable(new AdminClient(sock)));
    }

    @Test
    void aSocketNobodyListensOn() throws Exception {
        Path sock = dir.resolve("dead.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock)); // closed: the file stays
        }
        assertEquals("cannot reach herald at " + sock + ": Connection refused (is herald running?)",
                unreachable(new AdminClient(sock)));
    }

    @Test
    void acceptedButNoAnswer() throws Exception {
        Path sock = ScriptedUnixServer.serve(dir, 1, (req, ch) -> ch.read(ByteBuffer.allocate(1)));
        assertEquals("herald at " + sock + " accepted the request but did not answer within 1 s",
                unreachable(new AdminClient(sock, 1_000)));
    }

    @Test
    void notHttp() throws Exception {
        Path sock = ScriptedUnixServer.serve(dir, 1, ScriptedUnixServer.bytes("SSH-2.0-OpenSSH\r\n\r\n"));
        String m = unreachable(new AdminClient(sock));
        assertTrue(m.startsWith("herald at " + sock + " did not answer properly: java.io.IOException: "), m);
    }

    @Test
    void anErrorReplyCarriesHeraldsMessage() throws Exception {
        String body = "{\"error\":\"no peer r9\"}";
        Path sock = ScriptedUnixServer.serve(dir, 1, ScriptedUnixServer.bytes("HTTP/1.1 404 Not Found\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body));
        AdminClient.Reply r = new AdminClient(sock).get("/v1/peers/r9");
        assertEquals(404, r.status());
        assertEquals("no peer r9", r.error());
    }
}
