package dev.herald.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding against the real kernel: unprivileged calls only (no root, no namespace). */
class LibcTest {
    private static final ValueLayout.OfShort NETWORK_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    @TempDir
    Path dir;

    @Test
    void aFailedCallNamesTheCallTheErrnoAndItsText() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Libc.socket(4242, Libc.SOCK_DGRAM, 0, "family 4242"));
        assertEquals("EAFNOSUPPORT", Errno.name(e.errno()));
        assertEquals("socket(family 4242): Address family not supported by protocol (EAFNOSUPPORT)", e.getMessage());
    }

    @Test
    void closingADescriptorThatIsNotOpenIsEbadf() {
        // -1 rather than a descriptor closed twice: between the two closes another thread of the
        // JVM may be given the same number, and the second close would take it away.
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.close(-1));
        assertEquals("close(-1): Bad file descriptor (EBADF)", e.getMessage());
    }

    @Test
    void anOwnedDescriptorIsClosedOnceHoweverOftenItIsClosed() throws Exception {
        OwnedFd first = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "first");
        first.close();
        assertFalse(first.isOpen());
        try (OwnedFd second = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "second")) {
            // the kernel hands out the lowest free number: usually the one just released
            assumeTrue(second.fd() == first.fd(), "the number was not reused; nothing to check");
            first.close();
            assertTrue(Libc.getsockoptInt(second.fd(), Libc.SOL_SOCKET, Libc.SO_RCVBUF, "second") > 0,
                    "a second close of the first closed the second");
        }
    }

    @Test
    void aDatagramMakesTheRoundTripOverAnAbstractUnixSocket() throws Exception {
        byte[] name = ("\0herald-os-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                .getBytes(StandardCharsets.US_ASCII);
        int receiver = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "receiver");
        int sender = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "sender");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment address = SockAddr.unix(a, name);
            Libc.bind(receiver, address, "receiver");
            MemorySegment buffer = a.allocate(64);
            assertEquals(-Errno.EAGAIN, Libc.recvfrom(receiver, buffer, Libc.MSG_DONTWAIT, MemorySegment.NULL));
            assertFalse(Libc.pollIn(receiver, 0, "receiver"));

            MemorySegment message = a.allocateFrom("hello", StandardCharsets.US_ASCII).asSlice(0, 5);
            assertEquals(5, Libc.sendto(sender, message, Libc.MSG_NOSIGNAL, address, "sender"));
            assertTrue(Libc.pollIn(receiver, 10_000, "receiver"));
            long n = Libc.recvfrom(receiver, buffer, Libc.MSG_DONTWAIT, MemorySegment.NULL);
            assertEquals(5, n);
            assertEquals("hello", new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));

            MemorySegment own = a.allocate(SockAddr.UNIX_LENGTH);
            assertEquals(2 + name.length, Libc.getsockname(receiver, own, "receiver"));
            assertArrayEquals(name, own.asSlice(2, name.length).toArray(ValueLayout.JAVA_BYTE));
        } finally {
            Libc.close(sender);
            Libc.close(receiver);
        }
    }

    @Test
    void sendingToAPathNobodyBoundIsEnoent() throws Exception {
        try (OwnedFd socket = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "sender");
                Arena a = Arena.ofConfined()) {
            int fd = socket.fd();
            byte[] path = (dir.resolve("absent") + "\0").getBytes(StandardCharsets.UTF_8);
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> Libc.sendto(fd, a.allocate(1), 0, SockAddr.unix(a, path), "absent"));
            assertEquals("ENOENT", Errno.name(e.errno()));
            assertEquals("sendto(absent): No such file or directory (ENOENT)", e.getMessage());
        }
    }

    @Test
    void anIntOptionIsSetAndReadBack() throws Exception {
        try (OwnedFd socket = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "options")) {
            int fd = socket.fd();
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 65536, "SO_RCVBUF");
            // socket(7): the kernel doubles the value to leave room for its bookkeeping
            assertEquals(2 * 65536, Libc.getsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF"));
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> Libc.setsockopt(fd, Libc.SOL_SOCKET, 4242, 1, "option 4242"));
            assertEquals("ENOPROTOOPT", Errno.name(e.errno()));
        }
    }

    @Test
    void anIpv6AddressCarriesItsPortInNetworkOrderBothWays() throws Exception {
        try (OwnedFd socket = OwnedFd.socket(Libc.AF_INET6, Libc.SOCK_DGRAM, 0, "udp6"); Arena a = Arena.ofConfined();
                DatagramChannel peer = DatagramChannel.open()) {
            int fd = socket.fd();
            byte[] loopback = InetAddress.getByName("::1").getAddress();
            Libc.bind(fd, SockAddr.inet6(a, loopback, 0, 0), "udp6");
            MemorySegment own = a.allocate(SockAddr.INET6_LENGTH);
            assertEquals(SockAddr.INET6_LENGTH, Libc.getsockname(fd, own, "udp6"));
            int port = Short.toUnsignedInt(own.get(NETWORK_SHORT, 2));
            assertNotEquals(0, port);

            // the JDK's channel as the other end: a layout error on either side breaks the round trip
            InetAddress jdkLoopback = Inet6Address.getByAddress(loopback);
            peer.bind(new InetSocketAddress(jdkLoopback, 0));
            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), new InetSocketAddress(jdkLoopback, port));
            assertTrue(Libc.pollIn(fd, 10_000, "udp6"));
            MemorySegment from = a.allocate(SockAddr.INET6_LENGTH);
            assertEquals(3, Libc.recvfrom(fd, a.allocate(16), 0, from));
            int peerPort = ((InetSocketAddress) peer.getLocalAddress()).getPort();
            assertEquals(peerPort, Short.toUnsignedInt(from.get(NETWORK_SHORT, 2)));

            Libc.sendto(fd, a.allocate(2), 0, SockAddr.inet6(a, loopback, peerPort, 0), "udp6");
            // a wrong port would leave the receive waiting: bounded, so the test fails instead of hanging
            DatagramPacket got = new DatagramPacket(new byte[16], 16);
            peer.socket().setSoTimeout(10_000);
            peer.socket().receive(got);
            assertEquals(port, got.getPort());
            assertEquals(2, got.getLength());
        }
    }

    @Test
    void aNetlinkSocketIsGivenAPortIdOnBind() throws Exception {
        // NETLINK_ROUTE (0) needs no privilege to open and bind
        try (OwnedFd socket = OwnedFd.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, 0, "netlink");
                Arena a = Arena.ofConfined()) {
            int fd = socket.fd();
            MemorySegment sa = SockAddr.netlink(a);
            Libc.bind(fd, sa, "netlink");
            assertEquals(SockAddr.NETLINK_LENGTH, Libc.getsockname(fd, sa, "netlink"));
            assertNotEquals(0, SockAddr.netlinkPid(sa));
        }
    }

    @Test
    void socketsAreNotInheritedAcrossExec() throws Exception {
        try (OwnedFd socket = OwnedFd.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0, "cloexec")) {
            int fd = socket.fd();
            // proc(5): fdinfo's flags are octal open(2) flags; O_CLOEXEC is 02000000
            String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                    .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().substring(6).trim();
            assertTrue((Integer.parseInt(flags, 8) & 02000000) != 0, "flags " + flags);
        }
    }

    @Test
    void errnoNamesComeFromTheLinuxHeaders() {
        assertEquals("ENOBUFS", Errno.name(Errno.ENOBUFS));
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EINPROGRESS", Errno.name(115));
        assertEquals("errno 4242", Errno.name(4242));
    }

    @Test
    void anEventfdWakesAPollOverSeveralDescriptorsUntilDrained() throws Exception {
        int efd = Libc.eventfd(Libc.EFD_NONBLOCK, "wake");
        try (OwnedFd udp = OwnedFd.socket(Libc.AF_INET6, Libc.SOCK_DGRAM, 0, "idle")) {
            int[] fds = {udp.fd(), efd};
            assertArrayEquals(new boolean[] {false, false}, Libc.pollIn(fds, 0, "both"));
            Libc.eventfdSignal(efd, "wake");
            Libc.eventfdSignal(efd, "wake");
            assertArrayEquals(new boolean[] {false, true}, Libc.pollIn(fds, 1000, "both"));
            Libc.eventfdDrain(efd, "wake");
            assertArrayEquals(new boolean[] {false, false}, Libc.pollIn(fds, 0, "both"));
            Libc.eventfdDrain(efd, "wake"); // nothing to drain is not an error
        } finally {
            Libc.close(efd);
        }
    }

    @Test
    void anIpv4AddressIsASockaddrInWithThePortInNetworkOrder() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = SockAddr.inet(a, new byte[] {10, 99, 0, 1}, 3784);
            assertEquals(SockAddr.INET_LENGTH, sa.byteSize());
            assertEquals(Libc.AF_INET, sa.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals(3784, sa.get(NETWORK_SHORT, 2));
            assertArrayEquals(new byte[] {10, 99, 0, 1}, sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new byte[8], sa.asSlice(8, 8).toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
