package dev.herald.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A loopback listener accepts; a closed port refuses; an abort closes the socket. */
class TcpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void anAcceptedConnectionPasses() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(ProbeResult.pass("connected"), new TcpProbe(new Probe.Tcp("127.0.0.1", server.getLocalPort()), TIMEOUT).call());
        }
    }

    @Test
    void aRefusedConnectionFails() throws Exception {
        int port;
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        var probe = new TcpProbe(new Probe.Tcp("127.0.0.1", port), TIMEOUT);
        assertThrows(ConnectException.class, probe::call, "the launcher turns it into a failure with its message");
    }

    @Test
    void anAbortedProbeDoesNotConnect() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var probe = new TcpProbe(new Probe.Tcp("127.0.0.1", server.getLocalPort()), TIMEOUT);
            probe.abort();
            assertThrows(SocketException.class, probe::call);
        }
    }
}
