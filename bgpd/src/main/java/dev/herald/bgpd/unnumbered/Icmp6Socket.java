package dev.herald.bgpd.unnumbered;

import dev.herald.os.Errno;
import dev.herald.os.ErrnoException;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A raw ICMPv6 socket (needs CAP_NET_RAW) over herald's libc binding ({@link Libc}), for sending
 * neighbour discovery messages with hop limit 255 (RFC 4861 requires it; receivers drop anything
 * less). It receives nothing: an ICMP6_FILTER blocks every type, the kernel handles the answers
 * itself. Thread-safe: every call allocates its own memory.
 */
final class Icmp6Socket implements AutoCloseable {
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MULTICAST_LOOP = 19;
    private static final int ICMP6_FILTER = 1;

    private final OwnedFd socket;

    /** @throws IOException when the socket cannot be opened (EPERM without CAP_NET_RAW) */
    Icmp6Socket() throws IOException {
        try {
            socket = OwnedFd.socket(Libc.AF_INET6, Libc.SOCK_RAW, IPPROTO_ICMPV6, "AF_INET6, IPPROTO_ICMPV6");
        } catch (ErrnoException e) {
            throw new IOException("cannot open a raw ICMPv6 socket: " + e.getMessage()
                    + (e.errno() == Errno.EPERM ? ": herald needs CAP_NET_RAW for this" : ""), e);
        }
        int fd = socket.fd();
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            Libc.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            Libc.setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            MemorySegment blockAll = a.allocate(32);
            blockAll.fill((byte) 0xFF); // ICMP6_FILTER_SETBLOCKALL
            try {
                Libc.setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, blockAll, "ICMP6_FILTER");
            } catch (ErrnoException e) {
                // nothing reads the socket: without the filter its queue fills and the kernel drops the rest
            }
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code message} to {@code destination} (16 bytes, a link-local multicast group) out of {@code ifindex}. */
    void send(byte[] message, byte[] destination, int ifindex) throws IOException {
        if (!socket.isOpen()) {
            throw new IOException("ICMPv6 socket closed");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msg = a.allocate(message.length);
            MemorySegment.copy(message, 0, msg, ValueLayout.JAVA_BYTE, 0, message.length);
            Libc.sendto(socket.fd(), msg, 0, SockAddr.inet6(a, destination, 0, ifindex), "ICMPv6 on interface " + ifindex);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
