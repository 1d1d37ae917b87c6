package dev.herald.bgpd.systemd;

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
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX datagram socket that sends to systemd's {@code $NOTIFY_SOCKET}, through
 * java.lang.foreign: the JDK's DatagramChannel has no AF_UNIX, and libsystemd would be a native
 * dependency for four system calls. A leading {@code @} names an abstract socket (first byte of
 * sun_path NUL, length without a terminator), as sd_notify(3) does. Thread-safe: sendto on one
 * datagram socket is atomic.
 */
final class NotifySocket implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = fn("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = fn("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)),
                    ValueLayout.JAVA_INT));

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EINTR = 4;
    /** sizeof(struct sockaddr_un): sa_family_t then sun_path[108]. */
    static final int SOCKADDR_UN = 110;
    static final int SUN_PATH_MAX = 108;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final int addressLength;
    private final String name;
    private final int fd;
    private volatile boolean closed;

    static MethodHandle fn(String name, FunctionDescriptor d) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, d, ERRNO_OPT);
    }

    /** Opens an unbound datagram socket that sends to {@code name} (a path, or {@code @abstract}). */
    NotifySocket(String name) throws IOException {
        this.name = name;
        byte[] path = sunPath(name);
        address = arena.allocate(SOCKADDR_UN, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, 2, path.length);
        addressLength = 2 + path.length;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            fd = (int) SOCKET.invokeExact(capture, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                arena.close();
                throw error("socket(AF_UNIX, SOCK_DGRAM)", errno(capture));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /**
     * The bytes of sun_path and hence the address length: a path with its NUL terminator; an
     * abstract name with its leading NUL and no terminator (its length is part of the name).
     */
    static byte[] sunPath(String name) throws IOException {
        if (name.isEmpty()) {
            throw new IOException("NOTIFY_SOCKET is empty");
        }
        boolean abstractName = name.charAt(0) == '@';
        if (!abstractName && name.charAt(0) != '/') {
            throw new IOException("NOTIFY_SOCKET " + name + ": neither an absolute path nor an @abstract name");
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int length = abstractName ? b.length : b.length + 1;
        if (length > SUN_PATH_MAX) {
            throw new IOException("NOTIFY_SOCKET " + name + ": longer than " + SUN_PATH_MAX + " bytes");
        }
        byte[] path = new byte[length];
        System.arraycopy(b, 0, path, 0, b.length);
        if (abstractName) {
            path[0] = 0;
        }
        return path;
    }

    /** Sends one notification ("READY=1", "WATCHDOG=1\nSTATUS=..."). */
    void send(String state) throws IOException {
        if (closed) {
            throw new IOException("notify socket closed");
        }
        byte[] b = state.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            MemorySegment msg = a.allocate(Math.max(1, b.length));
            MemorySegment.copy(b, 0, msg, ValueLayout.JAVA_BYTE, 0, b.length);
            while (true) {
                long r = (long) SENDTO.invokeExact(capture, fd, msg, (long) b.length, MSG_NOSIGNAL, address, addressLength);
                if (r >= 0) {
                    return;
                }
                int errno = errno(capture);
                if (errno != EINTR) {
                    throw error("sendto(" + name + ")", errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static IOException error(String call, int errno) {
        String text;
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            text = s.getString(0);
        } catch (Throwable t) {
            text = "errno " + errno;
        }
        return new IOException(call + ": " + text);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            // nothing to do: the descriptor is gone with the process anyway
        }
        arena.close();
    }
}
