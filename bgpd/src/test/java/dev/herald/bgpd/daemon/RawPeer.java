package dev.herald.bgpd.daemon;

import dev.herald.codec.BgpMessage;
import dev.herald.codec.Capability;
import dev.herald.codec.CodecContext;
import dev.herald.codec.Family;
import dev.herald.codec.Keepalive;
import dev.herald.codec.MessageCodec;
import dev.herald.codec.Notification;
import dev.herald.codec.Open;
import dev.herald.codec.Prefix;
import dev.herald.codec.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BGP router on a plain loopback socket whose reading the test controls: it reads at full
 * speed, at a byte rate, or not at all, while it keeps sending KEEPALIVEs (herald's hold timer
 * stays content, so only herald's send hold timer can end a session it stops reading). herald's
 * own transport (LoopbackRouter) cannot do this: Netty always reads.
 *
 * <p>A small receive buffer, set before listening so the window scale is chosen for it, keeps
 * what the kernels hold between herald and this reader small: herald's own queue is then what a
 * slow reader builds up.
 */
final class RawPeer implements AutoCloseable {
    private static final int HOLD_TIME = 3;
    private final ServerSocket server;
    private final String name;
    private final String address;
    private final Set<Prefix> table = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong prefixesReceived = new AtomicLong();
    private final Object gate = new Object();
    private volatile boolean reading = true;
    /** Bytes per second; 0 reads as fast as herald writes. */
    private volatile int rate;
    private volatile Socket socket;
    private volatile boolean established;
    private volatile boolean endOfRib;
    /** Why the connection ended (herald's NOTIFICATION, a close, a reset); null while up. */
    private volatile String ended;

    RawPeer(String name, String address, int receiveBuffer) throws IOException {
        this.name = name;
        this.address = address;
        server = new ServerSocket();
        server.setReceiveBufferSize(receiveBuffer); // inherited by the accepted socket
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        Thread.ofPlatform().daemon().name("raw-peer-" + name).start(this::run);
    }

    String name() {
        return name;
    }

    String address() {
        return address;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads at most {@code bytesPerSecond} from now on (0: as fast as it comes). */
    void rate(int bytesPerSecond) {
        rate = bytesPerSecond;
    }

    /** Reads nothing more until {@link #resume}: herald's writes pile up. */
    void stopReading() {
        reading = false;
    }

    void resume() {
        synchronized (gate) {
            reading = true;
            gate.notifyAll();
        }
    }

    boolean established() {
        return established;
    }

    boolean endOfRib() {
        return endOfRib;
    }

    String ended() {
        return ended;
    }

    Set<Prefix> table() {
        // a HashSet, not Set.copyOf: Prefix's hash (Arrays.hashCode-like) clusters for consecutive /32s, and
        // the immutable set's linear probing took minutes for a 1.25M-prefix table
        return new java.util.HashSet<>(table);
    }

    long bytesRead() {
        return bytesRead.get();
    }

    /** Prefixes announced and withdrawn to it so far. */
    long prefixesReceived() {
        return prefixesReceived.get();
    }

    private void run() {
        try {
            server.setSoTimeout(60_000);
            socket = server.accept();
            server.close(); // one session: herald's reconnect after a drop finds nobody
            DataInputStream in = new DataInputStream(new Throttled(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            read(in); // herald's OPEN (it connects, so it speaks first)
            send(out, Open.of(65001, HOLD_TIME, 0x0A000000 | name.hashCode() & 0xFFFF, List.of(
                    new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(65001))));
            send(out, Keepalive.INSTANCE);
            Thread.ofPlatform().daemon().name("raw-peer-keepalive-" + name).start(() -> keepalives(out));
            while (ended == null) {
                switch (read(in)) {
                    case Keepalive _ -> established = true;
                    case Update u -> received(u);
                    case Notification n -> ended = "NOTIFICATION " + n.code() + "/" + n.subcode();
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (ended == null) {
                ended = e.toString();
            }
        } finally {
            close();
        }
    }

    private void received(Update u) {
        if (u.withdrawn().isEmpty() && u.nlri().isEmpty() && u.attributes().isEmpty()) {
            endOfRib = true;
            return;
        }
        prefixesReceived.addAndGet(u.withdrawn().size() + u.nlri().size());
        u.withdrawn().forEach(table::remove);
        table.addAll(u.nlri());
    }

    private void keepalives(OutputStream out) {
        try {
            while (ended == null) {
                Thread.sleep(1000);
                send(out, Keepalive.INSTANCE);
            }
        } catch (IOException | InterruptedException e) {
            if (ended == null) {
                ended = e.toString();
            }
        }
    }

    private static BgpMessage read(DataInputStream in) throws IOException {
        byte[] header = new byte[MessageCodec.HEADER_LENGTH];
        in.readFully(header);
        int length = (header[16] & 0xFF) << 8 | header[17] & 0xFF;
        byte[] frame = java.util.Arrays.copyOf(header, length);
        in.readFully(frame, header.length, length - header.length);
        try {
            return MessageCodec.decode(Unpooled.wrappedBuffer(frame), CodecContext.FOUR_OCTET);
        } catch (dev.herald.codec.BgpDecodeException e) {
            throw new IOException(e);
        }
    }

    private static void send(OutputStream out, BgpMessage m) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        MessageCodec.encode(m, CodecContext.FOUR_OCTET, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** The socket's bytes, taken only while reading is on and no faster than the rate. */
    private final class Throttled extends InputStream {
        private final InputStream in;
        private long since = System.nanoTime();
        private long taken;

        Throttled(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            waitForTurn();
            int r = rate;
            int n = in.read(b, off, r == 0 ? len : Math.min(len, Math.max(1, r / 20)));
            if (n > 0) {
                bytesRead.addAndGet(n);
                taken += n;
            }
            return n;
        }

        private void waitForTurn() throws IOException {
            try {
                synchronized (gate) {
                    if (!reading) {
                        while (!reading) {
                            gate.wait();
                        }
                        since = System.nanoTime(); // the pause is no credit
                        taken = 0;
                    }
                }
                int r = rate;
                if (r == 0) {
                    since = System.nanoTime();
                    taken = 0;
                    return;
                }
                long due = since + taken * 1_000_000_000L / r; // when the bytes taken so far may have been read
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    @Override
    public void close() {
        if (ended == null) {
            ended = "closed by the test";
        }
        resume();
        try {
            server.close();
            Socket s = socket;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
