package dev.herald.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc socket calls, one binding for herald: each downcall captures errno
 * ({@link Linker.Option#captureCallState}: errno read after the call could already belong to the
 * JVM's next one), retries EINTR where a retry is safe, and turns a failure into an
 * {@link ErrnoException}. Descriptors are plain ints owned by the caller; sockets open with
 * SOCK_CLOEXEC so that no child (the lab's routers, a restart) inherits them. Thread-safe: errno
 * goes to a segment of the calling thread.
 *
 * <p>The {@code what} arguments name the socket or option in error messages, as
 * "bind(AF_NETLINK)"; they are never parsed.
 */
public final class Libc {
    private Libc() {
    }

    // <sys/socket.h>, <bits/poll.h>: the same on x86_64 and aarch64
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    /** SO_RCVBUF beyond net.core.rmem_max; needs CAP_NET_ADMIN. */
    public static final int SO_RCVBUFFORCE = 33;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    /** No SIGPIPE when the peer is gone: the JVM would not die of it, but the errno is clearer. */
    public static final int MSG_NOSIGNAL = 0x4000;
    private static final short POLLIN = 0x1;
    /** eventfd(2) flags: the wake-up descriptor of a thread that polls sockets. */
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** Each thread's errno slot, allocated once: the netlink reader calls recv in a loop. */
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = downcall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RECVMSG = downcall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENTFD = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** No errno to capture; glibc's strerror returns constant text for the numbers it knows. */
    private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"),
            FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, JAVA_BYTE)), JAVA_INT));

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle downcall(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(symbol(name), d, CAPTURE_ERRNO);
    }

    /** A new socket with SOCK_CLOEXEC added to {@code type}. */
    public static int socket(int domain, int type, int protocol, String what) throws ErrnoException {
        return (int) checked("socket", what, s -> (int) SOCKET.invokeExact(s, domain, type | SOCK_CLOEXEC, protocol));
    }

    /** Binds to {@code address}, a sockaddr exactly as long as the address (see {@link SockAddr}). */
    public static void bind(int fd, MemorySegment address, String what) throws ErrnoException {
        checked("bind", what, s -> (int) BIND.invokeExact(s, fd, address, (int) address.byteSize()));
    }

    /** Connects to {@code address}; for datagram sockets, fixes the destination and filters the sender. */
    public static void connect(int fd, MemorySegment address, String what) throws ErrnoException {
        checked("connect", what, s -> (int) CONNECT.invokeExact(s, fd, address, (int) address.byteSize()));
    }

    /** Writes the socket's own address into {@code address} and returns its length. */
    public static int getsockname(int fd, MemorySegment address, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment length = a.allocateFrom(JAVA_INT, (int) address.byteSize());
            checked("getsockname", what, s -> (int) GETSOCKNAME.invokeExact(s, fd, address, length));
            return length.get(JAVA_INT, 0);
        }
    }

    /** setsockopt with the option value in {@code value}. */
    public static void setsockopt(int fd, int level, int option, MemorySegment value, String what) throws ErrnoException {
        checked("setsockopt", what,
                s -> (int) SETSOCKOPT.invokeExact(s, fd, level, option, value, (int) value.byteSize()));
    }

    /** setsockopt with an int value, the shape of most options. */
    public static void setsockopt(int fd, int level, int option, int value, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            setsockopt(fd, level, option, a.allocateFrom(JAVA_INT, value), what);
        }
    }

    /** getsockopt of an int option. */
    public static int getsockoptInt(int fd, int level, int option, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(JAVA_INT);
            MemorySegment length = a.allocateFrom(JAVA_INT, 4);
            checked("getsockopt", what, s -> (int) GETSOCKOPT.invokeExact(s, fd, level, option, value, length));
            return value.get(JAVA_INT, 0);
        }
    }

    /**
     * Sends all of {@code message} (a datagram) to {@code address}, or on a connected socket with
     * {@link MemorySegment#NULL}; retries EINTR. Returns the bytes sent.
     */
    public static long sendto(int fd, MemorySegment message, int flags, MemorySegment address, String what)
            throws ErrnoException {
        int addressLength = address.equals(MemorySegment.NULL) ? 0 : (int) address.byteSize();
        while (true) {
            try {
                return checked("sendto", what, s -> (long) SENDTO.invokeExact(s, fd, message, message.byteSize(), flags,
                        address, addressLength));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINTR) {
                    throw e;
                }
            }
        }
    }

    /**
     * Receives one datagram into {@code buffer}; retries EINTR. Returns its length (with MSG_TRUNC
     * the full length, which may exceed the buffer), or a negative errno: a reader handles EAGAIN
     * (MSG_DONTWAIT, nothing queued) and ENOBUFS (netlink dropped messages) as values, on its hot
     * path, not as exceptions. {@code sender}, unless {@link MemorySegment#NULL}, receives the
     * sender's address.
     */
    public static long recvfrom(int fd, MemorySegment buffer, int flags, MemorySegment sender) {
        if (sender.equals(MemorySegment.NULL)) {
            return recvfrom(fd, buffer, flags, sender, MemorySegment.NULL);
        }
        try (Arena a = Arena.ofConfined()) {
            return recvfrom(fd, buffer, flags, sender, a.allocateFrom(JAVA_INT, (int) sender.byteSize()));
        }
    }

    private static long recvfrom(int fd, MemorySegment buffer, int flags, MemorySegment sender,
            MemorySegment senderLength) {
        return valueOrErrno(s -> (long) RECVFROM.invokeExact(s, fd, buffer, buffer.byteSize(), flags, sender, senderLength));
    }

    /**
     * Receives one datagram with its ancillary data: {@code msghdr} is a struct msghdr the caller
     * built (name, iovec and control buffers it owns) and reads back after the call. Retries
     * EINTR; returns the length or a negative errno, as {@link #recvfrom}.
     */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        return valueOrErrno(s -> (long) RECVMSG.invokeExact(s, fd, msghdr, flags));
    }

    /** A new eventfd(2) with EFD_CLOEXEC added to {@code flags}. */
    public static int eventfd(int flags, String what) throws ErrnoException {
        return (int) checked("eventfd", what, s -> (int) EVENTFD.invokeExact(s, 0, flags | EFD_CLOEXEC));
    }

    /** Adds 1 to an eventfd's counter, which makes it readable. */
    public static void eventfdSignal(int fd, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocateFrom(JAVA_LONG, 1L);
            checked("write", what, s -> (long) WRITE.invokeExact(s, fd, one, 8L));
        }
    }

    /** Resets a non-blocking eventfd's counter to 0 (nothing to reset is not an error). */
    public static void eventfdDrain(int fd, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(JAVA_LONG);
            checked("read", what, s -> (long) READ.invokeExact(s, fd, value, 8L));
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for any of {@code fds} to be readable, or
     * to have an error or hang-up pending, which a read then reports. Returns which are, all
     * false on timeout or EINTR.
     */
    public static boolean[] pollIn(int[] fds, int timeoutMillis, String what) throws ErrnoException {
        boolean[] ready = new boolean[fds.length];
        try (Arena a = Arena.ofConfined()) {
            // struct pollfd { int fd; short events; short revents; }
            MemorySegment pfds = a.allocate(8L * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                pfds.set(JAVA_INT, 8L * i, fds[i]);
                pfds.set(JAVA_SHORT, 8L * i + 4, POLLIN);
            }
            if (checked("poll", what, s -> (int) POLL.invokeExact(s, pfds, (long) fds.length, timeoutMillis)) > 0) {
                for (int i = 0; i < fds.length; i++) {
                    ready[i] = pfds.get(JAVA_SHORT, 8L * i + 6) != 0;
                }
            }
            return ready;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINTR) {
                return ready;
            }
            throw e;
        }
    }

    /** Waits up to {@code timeoutMillis} for {@code fd} to be readable; false on timeout or EINTR. */
    public static boolean pollIn(int fd, int timeoutMillis, String what) throws ErrnoException {
        return pollIn(new int[] {fd}, timeoutMillis, what)[0];
    }

    /**
     * Closes {@code fd}. Not retried on EINTR: Linux has released the descriptor by then, and a
     * retry could close one another thread just opened. {@link OwnedFd} closes once.
     */
    public static void close(int fd) throws ErrnoException {
        checked("close", Integer.toString(fd), s -> (int) CLOSE.invokeExact(s, fd));
    }

    /** The C library's text for {@code errno}, as perror(3) prints it. */
    static String strerror(int errno) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(errno)).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** One downcall, given the calling thread's errno slot; returns the C result. */
    @FunctionalInterface
    private interface Downcall {
        long call(MemorySegment state) throws Throwable;
    }

    /** Makes {@code d}; a negative result becomes the ErrnoException of "name(what)". */
    private static long checked(String name, String what, Downcall d) throws ErrnoException {
        MemorySegment state = STATE.get();
        long r;
        try {
            r = d.call(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw new ErrnoException(name + "(" + what + ")", errno(state));
        }
        return r;
    }

    /**
     * Makes {@code d} again while it is interrupted (EINTR); returns its result, or a negative
     * errno: the receive calls hand EAGAIN and ENOBUFS to their readers as values, not exceptions.
     */
    private static long valueOrErrno(Downcall d) {
        MemorySegment state = STATE.get();
        try {
            while (true) {
                long r = d.call(state);
                if (r >= 0) {
                    return r;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** A downcall throws only what its Java side does: a bug (wrong layout, closed arena), never an errno. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
