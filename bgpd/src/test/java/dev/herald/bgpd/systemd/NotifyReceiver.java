package dev.herald.bgpd.systemd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * systemd's end of NOTIFY_SOCKET for tests: a bound AF_UNIX datagram socket (a path or an
 * {@code @abstract} name) that receives what herald sends, through the same FFM calls.
 */
final class NotifyReceiver implements AutoCloseable {
    private static final MethodHandle SOCKET = NotifySocket.fn("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = NotifySocket.fn("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = NotifySocket.fn("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = NotifySocket.fn("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = NotifySocket.fn("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment buffer = arena.allocate(4096);
    private final int fd;

    NotifyReceiver(String name) throws Throwable {
        fd = (int) SOCKET.invokeExact(capture, NotifySocket.AF_UNIX, NotifySocket.SOCK_DGRAM | NotifySocket.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NotifySocket.error("socket", NotifySocket.errno(capture));
        }
        byte[] path = NotifySocket.sunPath(name);
        MemorySegment sa = arena.allocate(NotifySocket.SOCKADDR_UN, 2);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) NotifySocket.AF_UNIX);
        MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, 2, path.length);
        if ((int) BIND.invokeExact(capture, fd, sa, 2 + path.length) < 0) {
            throw NotifySocket.error("bind " + name, NotifySocket.errno(capture));
        }
    }

    /** The next datagram, or null when none comes within {@code timeout}. */
    String receive(Duration timeout) throws Throwable {
        MemorySegment pfd = arena.allocate(8, 4);
        pfd.set(ValueLayout.JAVA_INT, 0, fd);
        pfd.set(ValueLayout.JAVA_SHORT, 4, (short) 1); // POLLIN
        int ready = (int) POLL.invokeExact(capture, pfd, 1L, (int) timeout.toMillis());
        if (ready <= 0) {
            return null;
        }
        long n = (long) RECV.invokeExact(capture, fd, buffer, buffer.byteSize(), 0);
        if (n < 0) {
            throw NotifySocket.error("recv", NotifySocket.errno(capture));
        }
        return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            int ignored = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw new IOException(t);
        }
        arena.close();
    }
}
