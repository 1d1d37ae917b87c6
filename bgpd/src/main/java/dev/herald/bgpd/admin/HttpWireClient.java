package dev.herald.bgpd.admin;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/** The client half of {@link HttpWire}, for the CLI. */
public final class HttpWireClient {
    private HttpWireClient() {
    }

    public record Reply(int status, byte[] body) {
    }

    public static Reply exchange(SocketChannel c, String method, String target, byte[] body) throws IOException {
        HttpWire.writeRequest(Channels.newOutputStream(c), method, target, body);
        HttpWire.Message m = HttpWire.read(Channels.newInputStream(c), true);
        int status = HttpWire.status(m);
        if (status < 0) {
            throw new IOException("not an HTTP response: " + m.firstLine());
        }
        return new Reply(status, m.body());
    }
}
