package dev.herald.bgpd.admin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} over plain HTTP with the JDK's own server: OpenMetrics to a scraper
 * whose {@code Accept} asks for it (Prometheus does), the text format 0.0.4 to anyone else.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("metrics");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Metrics metrics;

    private MetricsServer(HttpServer server, ExecutorService executor, Metrics metrics) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
    }

    /** Serves {@code metrics} on {@code listen}; closes them when it cannot. */
    public static MetricsServer start(InetSocketAddress listen, Metrics metrics) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 16);
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body;
                int status;
                String type = "text/plain; charset=utf-8";
                if (!path.equals("/metrics") && !path.equals("/")) {
                    status = 404;
                    body = "not found: herald serves /metrics\n".getBytes(StandardCharsets.UTF_8);
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    status = 405;
                    body = "GET only\n".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    type = Metrics.contentType(exchange.getRequestHeaders().getFirst("Accept"));
                    body = metrics.scrape(type).getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(status, head ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "metrics request failed: {0}", e.toString());
            }
        });
        server.start();
        LOG.log(Level.INFO, "metrics on http://{0}/metrics", describe(server.getAddress()));
        return new MetricsServer(server, executor, metrics);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
    }
}
