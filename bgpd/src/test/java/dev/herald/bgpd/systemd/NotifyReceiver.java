package dev.herald.bgpd.systemd;

import dev.herald.os.ErrnoException;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * systemd's end of NOTIFY_SOCKET for tests: a bound AF_UNIX datagram socket (a path or an
 * {@code @abstract} name) that receives what herald sends, through the same libc binding.
 */
final class NotifyReceiver implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(4096);
    private final OwnedFd socket;
    private final int fd;

    NotifyReceiver(String name) throws IOException {
        socket = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "AF_UNIX, SOCK_DGRAM");
        fd = socket.fd();
        Libc.bind(fd, SockAddr.unix(arena, NotifySocket.sunPath(name)), name);
    }

    /** The next datagram, or null when none comes within {@code timeout}. */
    String receive(Duration timeout) throws IOException {
        if (!Libc.pollIn(fd, (int) timeout.toMillis(), "notify receiver")) {
            return null;
        }
        long n = Libc.recvfrom(fd, buffer, 0, MemorySegment.NULL);
        if (n < 0) {
            throw new ErrnoException("recvfrom(notify receiver)", (int) -n);
        }
        return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
        arena.close();
    }
}
