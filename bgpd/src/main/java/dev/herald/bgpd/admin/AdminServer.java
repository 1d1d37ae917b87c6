package dev.herald.bgpd.admin;

import dev.herald.config.AdminConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The admin API's unix socket (mode 0660, group from {@code admin.group}): one virtual thread per
 * connection, one request each. Who may connect is who may open the file; there is no other
 * authentication.
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("admin");
    /** A client that has not sent its whole request by then is cut off (it would hold a thread forever). */
    static final long REQUEST_TIMEOUT_MILLIS = 10_000;
    private static final java.util.concurrent.ScheduledExecutorService TIMEOUTS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("admin-timeouts").unstarted(r));

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Function<HttpWire.Request, HttpWire.Response> handler;
    private volatile boolean closed;

    private AdminServer(Path path, ServerSocketChannel server, Function<HttpWire.Request, HttpWire.Response> handler) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().daemon().name("admin-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds the socket and serves {@code handler} on it.
     *
     * @throws IOException when the socket cannot be made, or another herald is answering on it
     */
    public static AdminServer start(AdminConfig config, Function<HttpWire.Request, HttpWire.Response> handler)
            throws IOException {
        Path path = config.socket();
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another process answers on " + path + " (a second herald?)");
            }
            Files.delete(path); // left behind by a herald that did not stop cleanly
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            // The directory (systemd's RuntimeDirectory=, mode 0750) guards the moment before chmod.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            if (config.group().isPresent()) {
                GroupPrincipal g = path.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(config.group().get());
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(g);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw e;
        }
        AdminServer s = new AdminServer(path, server, handler);
        s.acceptor.start();
        LOG.log(Level.INFO, "admin API on {0}{1}", path, config.group().map(g -> " (group " + g + ")").orElse(""));
        return s;
    }

    private static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().name("admin-conn").start(() -> serve(c));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.ERROR, "admin socket {0}: accept failed: {1}", path, e.toString());
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel c) {
        HttpWire.Response response = null;
        var timeout = TIMEOUTS.schedule(() -> {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a slow admin connection: {0}", e.toString());
            }
        }, REQUEST_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try (c; InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c)) {
            HttpWire.Request request = null;
            try {
                request = HttpWire.request(HttpWire.read(in, false));
            } catch (IOException e) {
                if (!c.isOpen()) {
                    return; // timed out
                }
                response = AdminApi.error(400, e.getMessage());
            } finally {
                timeout.cancel(false);
            }
            if (request != null) {
                try {
                    response = handler.apply(request);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "admin request failed", e);
                    response = AdminApi.error(500, "internal error, see herald's log");
                }
            }
            HttpWire.writeResponse(out, response);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "admin connection: {0}", e.toString());
        }
        if (response != null) {
            response.after().run();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing admin socket: {0}", e.toString());
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove {0}: {1}", path, e.toString());
        }
    }
}
