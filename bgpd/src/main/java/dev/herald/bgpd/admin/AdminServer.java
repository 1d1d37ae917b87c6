package dev.herald.bgpd.admin;

import dev.herald.config.AdminConfig;
import dev.herald.os.http.Request;
import dev.herald.os.http.Response;
import dev.herald.os.http.UnixHttpServer;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The admin API's unix socket (mode 0660, group from {@code admin.group}): HTTP/1.1 on Netty's
 * codec ({@link UnixHttpServer}), one request per connection, each handled on a virtual thread of
 * its own. Who may connect is who may open the file; there is no other authentication.
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("admin");
    /** A client that has not sent its whole request by then is cut off (it would hold a connection forever). */
    static final long REQUEST_TIMEOUT_MILLIS = 10_000;
    /** A request may wait long (a reload restarting a source); virtual threads keep it off the event loop. */
    private static final Executor WORK = r -> Thread.ofVirtual().name("admin-conn").start(r);

    private final Path path;
    private final UnixHttpServer server;

    private AdminServer(Path path, UnixHttpServer server) {
        this.path = path;
        this.server = server;
    }

    /**
     * Binds the socket and serves {@code handler} on it.
     *
     * @throws IOException when the socket cannot be made, or another herald is answering on it
     */
    public static AdminServer start(EventLoopGroup group, AdminConfig config, Function<Request, Response> handler)
            throws IOException {
        Path path = config.socket();
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another process answers on " + path + " (a second herald?)");
            }
            Files.delete(path); // left behind by a herald that did not stop cleanly
        }
        UnixHttpServer server = UnixHttpServer.bind(group, path, r -> handle(handler, r),
                why -> AdminApi.error(400, why), WORK, REQUEST_TIMEOUT_MILLIS);
        try {
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
        LOG.log(Level.INFO, "admin API on {0}{1}", path, config.group().map(g -> " (group " + g + ")").orElse(""));
        return new AdminServer(path, server);
    }

    private static Response handle(Function<Request, Response> handler, Request r) {
        try {
            return handler.apply(r);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "admin request failed", e);
            return AdminApi.error(500, "internal error, see herald's log");
        }
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

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove {0}: {1}", path, e.toString());
        }
    }
}
