package dev.herald.sources.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Connects to host:port; passes when the connection is accepted, and closes it at once. */
final class TcpProbe implements ProbeRun {
    private final Probe.Tcp probe;
    private final int timeoutMillis;
    private final Socket socket = new Socket();

    TcpProbe(Probe.Tcp probe, Duration timeout) {
        this.probe = probe;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    @Override
    public ProbeResult call() throws IOException {
        try (socket) {
            socket.connect(new InetSocketAddress(probe.host(), probe.port()), timeoutMillis);
            return ProbeResult.pass("connected");
        }
    }

    @Override
    public void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to release
        }
    }
}
