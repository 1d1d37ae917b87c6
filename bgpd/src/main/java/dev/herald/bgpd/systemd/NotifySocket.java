package dev.herald.bgpd.systemd;

import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX datagram socket that sends to systemd's {@code $NOTIFY_SOCKET}, over herald's libc
 * binding ({@link Libc}): the JDK's DatagramChannel has no AF_UNIX datagrams, and libsystemd
 * would be a native dependency for four system calls. A leading {@code @} names an abstract
 * socket (first byte of sun_path NUL, length without a terminator), as sd_notify(3) does.
 * Thread-safe: sendto on one datagram socket is atomic.
 */
final class NotifySocket implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final String name;
    private final OwnedFd socket;

    /** Opens an unbound datagram socket that sends to {@code name} (a path, or {@code @abstract}). */
    NotifySocket(String name) throws IOException {
        this.name = name;
        try {
            address = SockAddr.unix(arena, sunPath(name));
            socket = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "AF_UNIX, SOCK_DGRAM");
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
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
        if (length > SockAddr.SUN_PATH_MAX) {
            throw new IOException("NOTIFY_SOCKET " + name + ": longer than " + SockAddr.SUN_PATH_MAX + " bytes");
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
        if (!socket.isOpen()) {
            throw new IOException("notify socket closed");
        }
        byte[] b = state.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msg = a.allocate(Math.max(1, b.length)).asSlice(0, b.length);
            MemorySegment.copy(b, 0, msg, ValueLayout.JAVA_BYTE, 0, b.length);
            Libc.sendto(socket.fd(), msg, Libc.MSG_NOSIGNAL, address, name);
        }
    }

    @Override
    public synchronized void close() {
        if (socket.isOpen()) {
            socket.close();
            arena.close();
        }
    }
}
