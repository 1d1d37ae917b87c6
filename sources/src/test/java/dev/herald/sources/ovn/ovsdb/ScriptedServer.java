package dev.herald.sources.ovn.ovsdb;

import dev.herald.sources.ovn.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC peer on loopback (tcp, or a unix socket) that answers what a script says: for tests of the client's
 * framing, echo, fallbacks and resumption without a real ovsdb-server (the interop tests have one).
 */
final class ScriptedServer implements AutoCloseable {
    /** Answers one request: the reply's result (null: no reply at all), or throws {@link Refuse} for an error reply. */
    interface Script {
        JsonNode answer(int connection, String method, JsonNode params, Conn conn) throws Refuse;
    }

    static final class Refuse extends Exception {
        Refuse(String error) {
            super(error);
        }
    }

    /** One accepted connection, to push notifications or hang up. */
    static final class Conn {
        final SocketChannel socket;
        final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        Conn(SocketChannel socket) {
            this.socket = socket;
        }

        synchronized void send(String json) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                socket.write(b);
            }
        }

        void hangUp() throws IOException {
            socket.close();
        }
    }

    final ServerSocketChannel server;
    final List<Conn> conns = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Script script;
    private final Thread acceptor;
    private final Path unixPath;

    /** On tcp 127.0.0.1, a free port. */
    ScriptedServer(Script script) throws IOException {
        this(script, null);
    }

    /** On the unix socket {@code unixPath} (null: tcp). */
    ScriptedServer(Script script, Path unixPath) throws IOException {
        this.script = script;
        this.unixPath = unixPath;
        if (unixPath == null) {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        } else {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(unixPath), 5);
        }
        this.acceptor = new Thread(this::accept, "scripted-ovsdb");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    OvsdbRemote remote() throws IOException {
        if (unixPath != null) {
            return OvsdbRemote.parse("unix:" + unixPath, 6642);
        }
        return OvsdbRemote.parse("tcp:127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort(), 6642);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel s = server.accept();
                Conn c = new Conn(s);
                conns.add(c);
                int index = conns.size();
                Thread t = new Thread(() -> serve(index, c), "scripted-ovsdb-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(int index, Conn c) {
        JsonFramer framer = new JsonFramer(1 << 24);
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try (SocketChannel in = c.socket) {
            int n;
            while ((n = in.read(buf.clear())) > 0) {
                for (byte[] v : framer.feed(buf.array(), 0, n)) {
                    JsonNode msg = Fixtures.JSON.readTree(v);
                    c.received.add(msg);
                    if (!msg.has("method")) {
                        continue; // a reply to our echo
                    }
                    String method = msg.get("method").asString();
                    requests.add(index + " " + method + " " + msg.get("params"));
                    String id = msg.get("id").toString();
                    try {
                        JsonNode result = script.answer(index, method, msg.get("params"), c);
                        if (result == null) {
                            continue; // the script stays silent
                        }
                        c.send("{\"id\":" + id + ",\"result\":" + result + ",\"error\":null}");
                    } catch (Refuse r) {
                        c.send("{\"id\":" + id + ",\"result\":null,\"error\":\"" + r.getMessage() + "\"}");
                    }
                }
            }
        } catch (IOException e) {
            // hung up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Conn c : conns) {
            c.socket.close();
        }
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
        }
    }
}
