package dev.herald.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.herald.os.http.Response;
import dev.herald.os.http.UnixHttpServer;
import dev.herald.sources.TestLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GETs against a loopback JDK HttpServer, and against os' unix-socket server as LXD's /1.0 stands. */
class HttpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final CountDownLatch hangEntered = new CountDownLatch(1);
    private final CountDownLatch hangRelease = new CountDownLatch(1);
    private HttpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", x -> reply(x, 200, "status: ok"));
        server.createContext("/down", x -> reply(x, 503, "status: draining"));
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/ok");
            reply(x, 302, "");
        });
        server.createContext("/hang", x -> {
            hangEntered.countDown();
            try {
                hangRelease.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(x, 200, "late");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        hangRelease.countDown();
        server.stop(0);
        client.shutdownNow();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (var out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private ProbeResult get(String path, int min, int max, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        var probe = new Probe.Http(uri, min, max, Optional.ofNullable(body).map(Pattern::compile));
        return new HttpProbe(probe, TIMEOUT, client, TestLoops.SHARED).call();
    }

    @Test
    void aStatusInRangePassesAndOneOutsideFails() throws Exception {
        assertEquals(ProbeResult.pass("HTTP 200"), get("/ok", 200, 299, null));
        assertEquals(ProbeResult.fail("HTTP 503"), get("/down", 200, 299, null));
        assertEquals(ProbeResult.pass("HTTP 503"), get("/down", 500, 599, null), "the range is the operator's");
    }

    @Test
    void aRedirectIsAStatusNotFollowed() throws Exception {
        assertEquals(ProbeResult.fail("HTTP 302"), get("/moved", 200, 299, null));
        assertEquals(ProbeResult.pass("HTTP 302"), get("/moved", 200, 399, null));
    }

    @Test
    void theBodyPatternIsFoundAnywhereInTheBody() throws Exception {
        assertEquals(ProbeResult.pass("HTTP 200"), get("/ok", 200, 299, "status: (ok|up)"));
        assertEquals(ProbeResult.fail("HTTP 200, body does not match ready"), get("/ok", 200, 299, "ready"));
    }

    @Test
    void anInterruptEndsAHungRequest() throws Exception {
        var running = new CompletableFuture<Thread>();
        var ended = new CompletableFuture<Object>();
        Thread.ofVirtual().start(() -> {
            running.complete(Thread.currentThread());
            try {
                ended.complete(get("/hang", 200, 299, null));
            } catch (Exception e) {
                ended.complete(e);
            }
        });
        assertTrue(hangEntered.await(10, TimeUnit.SECONDS), "the request reached the server");
        running.get().interrupt(); // what the launcher does at the timeout
        Object outcome = ended.get(10, TimeUnit.SECONDS);
        assertTrue(outcome instanceof InterruptedException || outcome instanceof java.io.IOException,
                "the hung exchange ended with " + outcome);
    }

    @Test
    void aUnixSocketUriReachesTheServerOnTheSocketWithItsPathAndQuery() throws Exception {
        Path socket = dir.resolve("lxd.socket");
        var target = new CompletableFuture<String>();
        UnixHttpServer unix = UnixHttpServer.bind(TestLoops.SHARED, socket, r -> {
            target.complete(r.path() + " " + r.query());
            return new Response(200, "{\"metadata\":{\"api_status\":\"stable\"}}".getBytes(StandardCharsets.UTF_8));
        }, why -> new Response(400, new byte[0]), Executors.newVirtualThreadPerTaskExecutor(), 5_000);
        try {
            URI uri = URI.create("http+unix://" + URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8) + "/1.0?recursion=0");
            assertEquals(socket, HttpProbe.socket(uri));
            var probe = new Probe.Http(uri, 200, 299, Optional.of(Pattern.compile("\"api_status\":\"stable\"")));
            assertEquals(ProbeResult.pass("HTTP 200"), new HttpProbe(probe, TIMEOUT, client, TestLoops.SHARED).call());
            assertEquals("/1.0 {recursion=0}", target.get(5, TimeUnit.SECONDS));
            var wrongBody = new Probe.Http(uri, 200, 299, Optional.of(Pattern.compile("\"api_status\":\"broken\"")));
            assertEquals(false, new HttpProbe(wrongBody, TIMEOUT, client, TestLoops.SHARED).call().passed());
        } finally {
            unix.close();
        }
    }
}
