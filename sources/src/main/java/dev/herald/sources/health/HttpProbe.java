package dev.herald.sources.health;

import dev.herald.os.http.Reply;
import dev.herald.os.http.UnixHttpClient;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A GET; passes when the status is in range and, if a pattern is given, the body matches it
 * ({@code find}: anywhere in the body). {@code http} and {@code https} go through the JDK's
 * client; {@code http+unix://SOCKET/PATH}, the socket path percent-encoded as the authority (the
 * convention of requests-unixsocket and docker-py), through {@code os}' unix-socket client, as the
 * LXD source reaches LXD's {@code /1.0}. Redirects are not followed: a 3xx is a status to judge.
 */
final class HttpProbe implements ProbeRun {
    /** Only so much of a body is read for the pattern: a health page is small. */
    static final int MAX_BODY = 1 << 20;
    static final String UNIX_SCHEME = "http+unix";

    private final Probe.Http probe;
    private final Duration timeout;
    private final HttpClient client;
    private final EventLoopGroup group;

    /**
     * @param client the shared JDK client for http and https
     * @param group  the event loops for unix sockets
     */
    HttpProbe(Probe.Http probe, Duration timeout, HttpClient client, EventLoopGroup group) {
        this.probe = probe;
        this.timeout = timeout;
        this.client = client;
        this.group = group;
    }

    /** The socket a {@code http+unix} URI names. */
    static Path socket(URI uri) {
        return Path.of(uri.getAuthority());
    }

    @Override
    public ProbeResult call() throws IOException, InterruptedException {
        URI uri = probe.uri();
        if (UNIX_SCHEME.equals(uri.getScheme())) {
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Reply r = new UnixHttpClient(group, socket(uri), "localhost", "herald-health")
                    .exchange("GET", target, new byte[0], Math.max(1, timeout.toMillis()));
            byte[] body = r.body().length > MAX_BODY ? Arrays.copyOf(r.body(), MAX_BODY) : r.body();
            return judge(r.status(), body);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "herald-health").GET().build();
        // send is interruptible: the launcher's interrupt at the timeout cancels the exchange.
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = probe.body().isPresent() ? in.readNBytes(MAX_BODY) : new byte[0];
        }
        return judge(response.statusCode(), body);
    }

    private ProbeResult judge(int status, byte[] body) {
        if (status < probe.minStatus() || status > probe.maxStatus()) {
            return ProbeResult.fail("HTTP " + status);
        }
        if (probe.body().isPresent() && !probe.body().get().matcher(new String(body, StandardCharsets.UTF_8)).find()) {
            return ProbeResult.fail("HTTP " + status + ", body does not match " + probe.body().get().pattern());
        }
        return ProbeResult.pass("HTTP " + status);
    }

    @Override
    public void abort() {
        // the launcher interrupts the run's thread; both clients end the exchange and close on it
    }
}
