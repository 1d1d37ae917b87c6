package dev.herald.sources.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_ROUTE socket through java.lang.foreign: socket, bind, setsockopt, sendto, poll and
 * recv from libc, errno captured with {@link Linker.Option#captureCallState}. Not thread-safe:
 * one thread sends and receives (the kernel source's reader).
 */
final class NetlinkSocket implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = fn("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = fn("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKNAME = fn("getsockname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SETSOCKOPT = fn("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKOPT = fn("getsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SENDTO = fn("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = fn("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = fn("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = fn("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    private static final short POLLIN = 0x1;
    private static final int SOCKADDR_NL = 12;

    /** The result of {@link #receive}: bytes read, or -errno. */
    static final int AGAIN = -Netlink.EAGAIN;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(CAPTURE);
    private final MemorySegment buffer;
    private final MemorySegment scratch = arena.allocate(64);
    private final int fd;
    private final int portId;
    private boolean closed;

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, d, ERRNO_OPT);
    }

    /**
     * Opens and binds the socket, joins {@code groups} and sets the receive buffer (with
     * SO_RCVBUFFORCE when permitted, so root is not capped by net.core.rmem_max).
     */
    NetlinkSocket(int receiveBuffer, int bufferSize, int... groups) throws IOException {
        buffer = arena.allocate(bufferSize, 8);
        try {
            fd = (int) SOCKET.invokeExact(capture, Netlink.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Netlink.NETLINK_ROUTE);
            if (fd < 0) {
                throw error("socket(AF_NETLINK, NETLINK_ROUTE)");
            }
            if (receiveBuffer > 0) {
                scratch.set(ValueLayout.JAVA_INT, 0, receiveBuffer);
                int r = (int) SETSOCKOPT.invokeExact(capture, fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUFFORCE, scratch, 4);
                if (r < 0) {
                    r = (int) SETSOCKOPT.invokeExact(capture, fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF, scratch, 4);
                    if (r < 0) {
                        throw error("setsockopt(SO_RCVBUF)");
                    }
                }
            }
            MemorySegment sa = arena.allocate(SOCKADDR_NL, 4);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) Netlink.AF_NETLINK);
            if ((int) BIND.invokeExact(capture, fd, sa, SOCKADDR_NL) < 0) {
                throw error("bind(AF_NETLINK)");
            }
            for (int g : groups) {
                scratch.set(ValueLayout.JAVA_INT, 0, g);
                int r = (int) SETSOCKOPT.invokeExact(capture, fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, scratch, 4);
                if (r < 0) {
                    throw error("setsockopt(NETLINK_ADD_MEMBERSHIP " + g + ")");
                }
            }
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, SOCKADDR_NL);
            if ((int) GETSOCKNAME.invokeExact(capture, fd, sa, len) < 0) {
                throw error("getsockname");
            }
            portId = sa.get(ValueLayout.JAVA_INT, 4);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /** The port id the kernel gave this socket: dump replies carry it in nlmsg_pid. */
    int portId() {
        return portId;
    }

    /** The effective receive buffer (the kernel doubles what was asked for). */
    int receiveBuffer() {
        try {
            MemorySegment len = scratch.asSlice(8, 4);
            len.set(ValueLayout.JAVA_INT, 0, 4);
            int r = (int) GETSOCKOPT.invokeExact(capture, fd, Netlink.SOL_SOCKET, Netlink.SO_RCVBUF, scratch.asSlice(0, 4), len);
            return r < 0 ? -1 : scratch.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sends one request to the kernel. */
    void send(ByteBuffer request) throws IOException {
        int n = request.remaining();
        MemorySegment msg = arena.allocate(n, 8);
        MemorySegment.copy(MemorySegment.ofBuffer(request), 0, msg, 0, n);
        MemorySegment sa = arena.allocate(SOCKADDR_NL, 4);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) Netlink.AF_NETLINK);
        try {
            while (true) {
                long r = (long) SENDTO.invokeExact(capture, fd, msg, (long) n, 0, sa, SOCKADDR_NL);
                if (r >= 0) {
                    return;
                }
                if (errno() != Netlink.EINTR) {
                    throw error("sendto(netlink)");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits up to timeoutMillis for data; true when some is ready. */
    boolean poll(int timeoutMillis) throws IOException {
        MemorySegment pfd = scratch.asSlice(16, 8);
        pfd.set(ValueLayout.JAVA_INT, 0, fd);
        pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int r = (int) POLL.invokeExact(capture, pfd, 1L, timeoutMillis);
            if (r < 0) {
                if (errno() == Netlink.EINTR) {
                    return false;
                }
                throw error("poll(netlink)");
            }
            return r > 0;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Receives one datagram without blocking. Returns its length, or a negative errno:
     * {@code -EAGAIN} when nothing is queued, {@code -ENOBUFS} when the kernel dropped messages
     * because the receive buffer was full.
     */
    int receive() {
        try {
            while (true) {
                long r = (long) RECV.invokeExact(capture, fd, buffer, buffer.byteSize(), MSG_DONTWAIT | MSG_TRUNC);
                if (r >= 0) {
                    if (r > buffer.byteSize()) {
                        throw new IllegalStateException("netlink datagram of " + r + " bytes exceeds the "
                                + buffer.byteSize() + "-byte buffer");
                    }
                    return (int) r;
                }
                int e = errno();
                if (e != Netlink.EINTR) {
                    return -e;
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The bytes of the last {@link #receive}, as a native-order buffer. */
    ByteBuffer received(int length) {
        return buffer.asSlice(0, length).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private int errno() {
        return (int) ERRNO.get(capture, 0L);
    }

    private IOException error(String call) {
        int e = errno();
        return new IOException(call + " failed: errno " + e + (e == 1 ? " (EPERM)" : e == 105 ? " (ENOBUFS)" : ""));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            // closing is best effort
        }
        arena.close();
    }
}
