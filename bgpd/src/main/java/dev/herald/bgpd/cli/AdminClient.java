package dev.herald.bgpd.cli;

import dev.herald.bgpd.admin.Json;
import dev.herald.os.http.UnixHttpClient;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** One request to the admin socket; failures to reach it become {@link Unreachable}. */
final class AdminClient {
    /** Longer than any request takes (a reload that restarts a source waits up to its initial sync). */
    static final long TIMEOUT_MILLIS = 60_000;
    private final UnixHttpClient http;
    private final long timeoutMillis;

    AdminClient(Path socket) {
        this(socket, TIMEOUT_MILLIS);
    }

    /**
     * With another time limit: for tests. Blocking: one request on the command's thread, no
     * event loop or native epoll to start for it (most of a CLI command's time once; ADR 0018).
     */
    AdminClient(Path socket, long timeoutMillis) {
        this.http = UnixHttpClient.blocking(socket, "herald", "herald-cli");
        this.timeoutMillis = timeoutMillis;
    }

    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status == 200;
        }

        String error() {
            JsonNode e = body.get("error");
            return e == null ? "HTTP " + status : e.asString();
        }
    }

    /** herald cannot be reached; the message says why and what to check. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** Whether something accepts connections on the socket. */
    boolean answers() {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(http.socket()))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Reply get(String target) throws Unreachable {
        return call("GET", target, new byte[0]);
    }

    Reply post(String target, Object body) throws Unreachable {
        return call("POST", target, body == null ? new byte[0] : Json.bytes(body));
    }

    private Reply call(String method, String target, byte[] body) throws Unreachable {
        Path socket = http.socket();
        try {
            // A herald that accepts but never answers (its RIB thread stuck) must not hang the CLI.
            var r = http.exchange(method, target, body, timeoutMillis);
            return new Reply(r.status(), Json.parse(r.body().length == 0 ? "{}".getBytes() : r.body()));
        } catch (SocketTimeoutException e) {
            throw new Unreachable("herald at " + socket + " accepted the request but did not answer within "
                    + timeoutMillis / 1000 + " s");
        } catch (SocketException e) {
            if (!Files.exists(socket)) {
                throw new Unreachable("cannot reach herald: " + socket + " does not exist (is herald running? is"
                        + " admin.socket set elsewhere? use --socket, --instance or HERALD_SOCKET)");
            }
            if (String.valueOf(e.getMessage()).contains("ermission")) {
                throw denied();
            }
            throw new Unreachable("cannot reach herald at " + socket + ": " + e.getMessage()
                    + " (is herald running?)");
        } catch (IOException | RuntimeException e) {
            throw new Unreachable("herald at " + socket + " did not answer properly: " + e);
        }
    }

    private Unreachable denied() {
        Path socket = http.socket();
        return new Unreachable("cannot reach herald: permission denied on " + socket
                + " (run as root, or as a member of the group set in admin.group)");
    }
}
