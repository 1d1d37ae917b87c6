package dev.herald.sources.kernel;

import dev.herald.os.Errno;
import dev.herald.os.ErrnoException;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_ROUTE socket over herald's libc binding ({@link Libc}). Not thread-safe: one thread
 * sends and receives (the kernel source's reader).
 */
final class NetlinkSocket implements AutoCloseable {
    /** The result of {@link #receive}: bytes read, or -errno. */
    static final int AGAIN = -Errno.EAGAIN;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final OwnedFd socket;
    private final int fd;
    private final int portId;

    /**
     * Opens and binds the socket, joins {@code groups} and sets the receive buffer (with
     * SO_RCVBUFFORCE when permitted, so root is not capped by net.core.rmem_max).
     */
    NetlinkSocket(int receiveBuffer, int bufferSize, int... groups) throws IOException {
        OwnedFd socket = null;
        try {
            buffer = arena.allocate(bufferSize, 8);
            socket = OwnedFd.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, Netlink.NETLINK_ROUTE, "AF_NETLINK, NETLINK_ROUTE");
            int fd = socket.fd();
            if (receiveBuffer > 0) {
                try {
                    Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, receiveBuffer, "SO_RCVBUFFORCE");
                } catch (ErrnoException e) {
                    // without CAP_NET_ADMIN: the plain option, capped by net.core.rmem_max
                    Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, receiveBuffer, "SO_RCVBUF");
                }
            }
            MemorySegment sa = SockAddr.netlink(arena);
            Libc.bind(fd, sa, "AF_NETLINK");
            for (int g : groups) {
                Libc.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, g, "NETLINK_ADD_MEMBERSHIP " + g);
            }
            Libc.getsockname(fd, sa, "netlink");
            portId = SockAddr.netlinkPid(sa);
        } catch (IOException | RuntimeException | Error e) {
            if (socket != null) {
                socket.close();
            }
            arena.close();
            throw e;
        }
        this.socket = socket;
        this.fd = socket.fd();
    }

    /** The port id the kernel gave this socket: dump replies carry it in nlmsg_pid. */
    int portId() {
        return portId;
    }

    /** The effective receive buffer (the kernel doubles what was asked for), or -1 if it cannot be read. */
    int receiveBuffer() {
        try {
            return Libc.getsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF");
        } catch (ErrnoException e) {
            return -1;
        }
    }

    /** Sends one request to the kernel. */
    void send(ByteBuffer request) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msg = a.allocate(request.remaining(), 8);
            MemorySegment.copy(MemorySegment.ofBuffer(request), 0, msg, 0, msg.byteSize());
            Libc.sendto(fd, msg, 0, SockAddr.netlink(a), "netlink");
        }
    }

    /** Waits up to timeoutMillis for data; true when some is ready. */
    boolean poll(int timeoutMillis) throws IOException {
        return Libc.pollIn(fd, timeoutMillis, "netlink");
    }

    /**
     * Receives one datagram without blocking. Returns its length, or a negative errno:
     * {@code -EAGAIN} when nothing is queued, {@code -ENOBUFS} when the kernel dropped messages
     * because the receive buffer was full.
     */
    int receive() {
        long r = Libc.recvfrom(fd, buffer, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC, MemorySegment.NULL);
        if (r > buffer.byteSize()) {
            throw new IllegalStateException("netlink datagram of " + r + " bytes exceeds the "
                    + buffer.byteSize() + "-byte buffer");
        }
        return (int) r;
    }

    /** The bytes of the last {@link #receive}, as a native-order buffer. */
    ByteBuffer received(int length) {
        return buffer.asSlice(0, length).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        if (socket.isOpen()) {
            socket.close();
            arena.close();
        }
    }
}
