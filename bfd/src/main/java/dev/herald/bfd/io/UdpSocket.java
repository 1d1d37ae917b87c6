package dev.herald.bfd.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.herald.os.Errno;
import dev.herald.os.ErrnoException;
import dev.herald.os.Libc;
import dev.herald.os.OwnedFd;
import dev.herald.os.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

/**
 * A UDP socket of the BFD transport, through libc because neither the JDK nor Netty's epoll
 * channel can set the unicast TTL or hand over the TTL a datagram arrived with (Netty's
 * {@code EpollChannelOption} has IP_RECVORIGDSTADDR, no IP_RECVTTL; ADR 0016). Two kinds:
 * a receive socket bound to the wildcard address and port 3784 or 4784 that asks for the TTL
 * (IP_RECVTTL, IPV6_RECVHOPLIMIT) and the destination and interface (IP_PKTINFO,
 * IPV6_RECVPKTINFO) of each datagram; and a session's send socket bound to its source address
 * and a port in 49152-65535 (RFC 5881 4) that sends with TTL / hop limit 255. A third, a
 * session's own receive socket connected to its peer's address and port, keeps the peer's
 * packets apart from a flood to the wildcard one.
 *
 * <p>Not thread-safe: the receive buffers are the socket's own; the transport's thread uses it.
 */
final class UdpSocket implements AutoCloseable {
    // <netinet/in.h>, <linux/in6.h>: the same on x86_64 and aarch64
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IP_TTL = 2;
    static final int IP_PKTINFO = 8;
    static final int IP_RECVTTL = 12;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int SO_REUSEADDR = 2;

    /** RFC 5881 4: "The source port MUST be in the range 49152 through 65535." */
    static final int SOURCE_PORT_MIN = 49152;
    static final int SOURCE_PORT_MAX = 65535;

    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    /** A BFD Control packet is 24 octets; more is read so that an over-long one is seen as such. */
    private static final int BUFFER = 1500;
    private static final int CONTROL = 256;

    private final OwnedFd fd;
    private final int family;
    private final String what;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data = arena.allocate(BUFFER);
    private final MemorySegment name = arena.allocate(SockAddr.INET6_LENGTH, 4);
    private final MemorySegment control = arena.allocate(CONTROL, 8);
    private final MemorySegment iov = arena.allocate(16, 8);
    private final MemorySegment msghdr = arena.allocate(56, 8);
    private final byte[] bytes = new byte[BUFFER];

    private UdpSocket(OwnedFd fd, int family, String what) {
        this.fd = fd;
        this.family = family;
        this.what = what;
    }

    /** A receive socket on the wildcard address of {@code family} (AF_INET or AF_INET6) and {@code port}. */
    static UdpSocket receiver(int family, int port) throws ErrnoException {
        String what = (family == Libc.AF_INET ? "udp4" : "udp6") + " port " + port;
        return receiving(family, what, (n, a) -> Libc.bind(n, family == Libc.AF_INET
                ? SockAddr.inet(a, new byte[4], port) : SockAddr.inet6(a, new byte[16], port, 0), what));
    }

    /**
     * A receive socket for one session's peer: bound to {@code local} and {@code port} (3784 or
     * 4784, beside the wildcard socket: both set SO_REUSEADDR) and connected to the peer's
     * {@code remote} and {@code remotePort}. The kernel hands a datagram to the socket whose
     * binding matches it most closely, so the peer's packets queue here and a flood from anyone
     * else fills only the wildcard socket's queue, not this one (BfdFloodNetnsTest).
     */
    static UdpSocket peerReceiver(InetAddress local, int port, InetAddress remote, int remotePort, int scopeId)
            throws ErrnoException {
        int family = local instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        String what = "bfd " + local.getHostAddress() + " port " + port + " from " + remote.getHostAddress() + " port "
                + remotePort;
        return receiving(family, what, (n, a) -> {
            Libc.bind(n, sockaddr(a, local, scopeId, port), what);
            Libc.connect(n, sockaddr(a, remote, scopeId, remotePort), what);
        });
    }

    @FunctionalInterface
    private interface Binding {
        void bind(int fd, Arena a) throws ErrnoException;
    }

    /** A socket with SO_REUSEADDR that reports each datagram's TTL, destination and interface, bound by {@code binding}. */
    private static UdpSocket receiving(int family, String what, Binding binding) throws ErrnoException {
        OwnedFd fd = OwnedFd.socket(family, Libc.SOCK_DGRAM, 0, what);
        try {
            int n = fd.fd();
            Libc.setsockopt(n, Libc.SOL_SOCKET, SO_REUSEADDR, 1, what);
            if (family == Libc.AF_INET) {
                Libc.setsockopt(n, IPPROTO_IP, IP_RECVTTL, 1, what);
                Libc.setsockopt(n, IPPROTO_IP, IP_PKTINFO, 1, what);
            } else {
                // IPv4 has its own socket: no v4-mapped addresses here.
                Libc.setsockopt(n, IPPROTO_IPV6, IPV6_V6ONLY, 1, what);
                Libc.setsockopt(n, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, what);
                Libc.setsockopt(n, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, what);
            }
            try (Arena a = Arena.ofConfined()) {
                binding.bind(n, a);
            }
            return new UdpSocket(fd, family, what);
        } catch (ErrnoException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A send socket bound to {@code local} and the first free port from {@code firstPort} on,
     * wrapping within 49152-65535, connected to {@code remote} and {@code port}; TTL 255.
     * {@code scopeId} is the interface of link-local IPv6 addresses (ignored for others).
     * Connected, it takes no datagram from anyone else, so nothing piles up in its queue.
     */
    static UdpSocket sender(InetAddress local, InetAddress remote, int port, int scopeId, int firstPort)
            throws ErrnoException {
        int family = local instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        String what = "bfd from " + local.getHostAddress();
        OwnedFd fd = OwnedFd.socket(family, Libc.SOCK_DGRAM, 0, what);
        try {
            int n = fd.fd();
            if (family == Libc.AF_INET) {
                Libc.setsockopt(n, IPPROTO_IP, IP_TTL, 255, what);
            } else {
                Libc.setsockopt(n, IPPROTO_IPV6, IPV6_V6ONLY, 1, what);
                Libc.setsockopt(n, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, what);
            }
            int range = SOURCE_PORT_MAX - SOURCE_PORT_MIN + 1;
            for (int i = 0; ; i++) {
                int source = SOURCE_PORT_MIN + Math.floorMod(firstPort - SOURCE_PORT_MIN + i, range);
                try (Arena a = Arena.ofConfined()) {
                    Libc.bind(n, sockaddr(a, local, scopeId, source), what);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EADDRINUSE || i == range - 1) {
                        throw e;
                    }
                    continue;
                }
                String bound = what + " port " + source + " to " + remote.getHostAddress();
                try (Arena a = Arena.ofConfined()) {
                    Libc.connect(n, sockaddr(a, remote, scopeId, port), bound);
                }
                return new UdpSocket(fd, family, bound);
            }
        } catch (ErrnoException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** A scope only for a link-local address: the kernel takes the interface from it alone. */
    private static MemorySegment sockaddr(Arena a, InetAddress address, int scopeId, int port) {
        return address instanceof Inet4Address
                ? SockAddr.inet(a, address.getAddress(), port)
                : SockAddr.inet6(a, address.getAddress(), port, address.isLinkLocalAddress() ? scopeId : 0);
    }

    int fd() {
        return fd.fd();
    }

    /** The port the socket is bound to (the kernel's pick for port 0). */
    int localPort() throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(SockAddr.INET6_LENGTH, 4);
            Libc.getsockname(fd.fd(), sa, what);
            return Short.toUnsignedInt(sa.get(NET_SHORT, 2));
        }
    }

    /** Sends {@code payload} to the address a sender socket is connected to. */
    void send(MemorySegment payload) throws ErrnoException {
        Libc.sendto(fd.fd(), payload, Libc.MSG_NOSIGNAL, MemorySegment.NULL, what);
    }

    /**
     * The next queued datagram, without waiting; null when none is (EAGAIN). Errors queued on a
     * UDP socket (ICMP unreachables) are consumed and read past.
     */
    Datagram receive() throws ErrnoException {
        while (true) {
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, BUFFER);
            msghdr.fill((byte) 0);
            msghdr.set(ADDRESS, 0, name);
            msghdr.set(JAVA_INT, 8, (int) name.byteSize());
            msghdr.set(ADDRESS, 16, iov);
            msghdr.set(JAVA_LONG, 24, 1);
            msghdr.set(ADDRESS, 32, control);
            msghdr.set(JAVA_LONG, 40, CONTROL);
            long n = Libc.recvmsg(fd.fd(), msghdr, Libc.MSG_DONTWAIT);
            if (n == -Errno.EAGAIN) {
                return null;
            }
            if (n < 0) {
                if (n == -Errno.ECONNREFUSED || n == -Errno.EHOSTUNREACH || n == -Errno.ENETUNREACH) {
                    continue;
                }
                throw new ErrnoException("recvmsg(" + what + ")", (int) -n);
            }
            int length = (int) Math.min(n, BUFFER);
            MemorySegment.copy(data, JAVA_BYTE, 0, bytes, 0, length);
            return parse(length, msghdr.get(JAVA_LONG, 40));
        }
    }

    /** The sender from msg_name and the TTL, destination and interface from the control messages. */
    private Datagram parse(int length, long controlLength) {
        int ttl = -1;
        int ifindex = 0;
        byte[] destination = null;
        long at = 0;
        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; data (8-aligned) }
        while (at + 16 <= controlLength) {
            long len = control.get(JAVA_LONG, at);
            if (len < 16 || at + len > controlLength) {
                break;
            }
            int level = control.get(JAVA_INT, at + 8);
            int type = control.get(JAVA_INT, at + 12);
            long d = at + 16;
            if (level == IPPROTO_IP && type == IP_TTL || level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT) {
                ttl = control.get(JAVA_INT, d);
            } else if (level == IPPROTO_IP && type == IP_PKTINFO) {
                // struct in_pktinfo { int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr; }
                ifindex = control.get(JAVA_INT, d);
                destination = control.asSlice(d + 8, 4).toArray(JAVA_BYTE);
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
                // struct in6_pktinfo { in6_addr ipi6_addr; int ipi6_ifindex; }
                destination = control.asSlice(d, 16).toArray(JAVA_BYTE);
                ifindex = control.get(JAVA_INT, d + 16);
            }
            at += (len + 7) & ~7L;
        }
        boolean v4 = family == Libc.AF_INET;
        byte[] source = name.asSlice(v4 ? 4 : 8, v4 ? 4 : 16).toArray(JAVA_BYTE);
        int sourcePort = Short.toUnsignedInt(name.get(NET_SHORT, 2));
        return new Datagram(bytes, length, Addresses.of(source), sourcePort,
                destination == null ? null : Addresses.of(destination), ifindex, ttl);
    }

    @Override
    public void close() {
        fd.close();
        arena.close();
    }
}
