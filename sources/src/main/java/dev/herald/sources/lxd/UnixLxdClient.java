package dev.herald.sources.lxd;

import dev.herald.os.http.RefusedException;
import dev.herald.os.http.Reply;
import dev.herald.os.http.UnixHttpClient;
import dev.herald.os.http.WebSocketListener;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * LXD's REST API over its unix socket ({@link UnixHttpClient}: one HTTP/1.1 request per
 * connection), and the events websocket, whose messages reach the listener on the event loop.
 */
public final class UnixLxdClient implements LxdClient {
    private final UnixHttpClient http;
    private final long timeoutMillis;

    public UnixLxdClient(EventLoopGroup group, Path socket, long timeoutMillis) {
        this.http = new UnixHttpClient(group, socket, "lxd", "herald");
        this.timeoutMillis = timeoutMillis;
    }

    public Path socket() {
        return http.socket();
    }

    @Override
    public JsonNode get(String path) throws IOException {
        Reply r;
        try {
            r = http.exchange("GET", path, new byte[0], timeoutMillis);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to LXD at " + socket() + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new IOException("GET " + path + ": no answer from LXD within " + timeoutMillis + " ms", e);
        }
        if (r.status() != 200 && !r.contentType().startsWith("application/json")) {
            throw new IOException("GET " + path + ": HTTP " + r.status());
        }
        return LxdJson.metadata(LxdJson.parse(r.body()));
    }

    @Override
    public EventStream events(EventListener listener) throws IOException {
        AutoCloseable ws;
        try {
            ws = http.websocket(EVENTS_PATH, new WebSocketListener() {
                @Override
                public void message(byte[] payload) {
                    JsonNode ev;
                    try {
                        ev = LxdJson.parse(payload);
                    } catch (LxdJson.LxdGarbageException e) {
                        ev = null; // classified as "read everything again"
                    }
                    listener.event(ev);
                }

                @Override
                public void closed(Exception cause) {
                    listener.closed(cause);
                }
            }, timeoutMillis);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to LXD at " + socket() + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new IOException("LXD did not open the events websocket within " + timeoutMillis + " ms", e);
        } catch (RefusedException e) {
            throw new IOException("LXD refused the events websocket: " + e.getMessage(), e);
        }
        return () -> {
            try {
                ws.close();
            } catch (Exception e) {
                // closing
            }
        };
    }

    @Override
    public void close() {
        // connections are per call; the event loop is the caller's
    }
}
