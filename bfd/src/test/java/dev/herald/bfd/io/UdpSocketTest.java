package dev.herald.bfd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The sockets over loopback, unprivileged: what a sender socket sends arrives with TTL / hop
 * limit 255 from a port in 49152-65535, and the receive socket reads the TTL, destination and
 * interface from the ancillary data (a datagram from the JDK's socket arrives with its default 64).
 */
class UdpSocketTest {
    private static final byte[] PAYLOAD = "a BFD packet is 24 octets".getBytes();

    @Test
    void ipv4CarriesTtl255FromASourcePortInTheRfcRangeAndTheReceiverSeesIt() throws Exception {
        roundTrip(Libc.AF_INET, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void ipv6CarriesHopLimit255FromASourcePortInTheRfcRangeAndTheReceiverSeesIt() throws Exception {
        roundTrip(Libc.AF_INET6, InetAddress.getByName("::1"));
    }

    private static void roundTrip(int family, InetAddress loopback) throws Exception {
        int lo = NetworkInterface.getByName("lo").getIndex();
        try (UdpSocket receiver = UdpSocket.receiver(family, 0);
                UdpSocket sender = UdpSocket.sender(loopback, loopback, receiver.localPort(), 0, 65535);
                Arena arena = Arena.ofConfined()) {
            sender.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, PAYLOAD));
            Datagram d = next(receiver);
            assertEquals(255, d.ttl());
            assertArrayEquals(PAYLOAD, Arrays.copyOf(d.data(), d.length()));
            assertEquals(loopback, d.source());
            assertEquals(loopback, d.destination());
            assertEquals(lo, d.ifindex());
            int port = d.sourcePort();
            assertTrue(port >= UdpSocket.SOURCE_PORT_MIN && port <= UdpSocket.SOURCE_PORT_MAX, "source port " + port);

            try (DatagramChannel jdk = DatagramChannel.open(
                    family == Libc.AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
                jdk.send(ByteBuffer.wrap(PAYLOAD), new InetSocketAddress(loopback, receiver.localPort()));
                Datagram other = next(receiver);
                assertNotEquals(255, other.ttl(), "the JDK's datagram arrived with TTL 255: the check would see nothing");
                assertEquals(64, other.ttl());
            }
            assertNull(receiver.receive(), "one datagram each");
        }
    }

    @Test
    void aTakenSourcePortIsSkippedAndThePortsWrapWithinTheRange() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (UdpSocket receiver = UdpSocket.receiver(Libc.AF_INET, 0);
                UdpSocket first = UdpSocket.sender(loopback, loopback, receiver.localPort(), 0, 65535);
                UdpSocket second = UdpSocket.sender(loopback, loopback, receiver.localPort(), 0, first.localPort())) {
            assertNotEquals(first.localPort(), second.localPort());
            int expected = first.localPort() == 65535 ? UdpSocket.SOURCE_PORT_MIN : first.localPort() + 1;
            // the next free one: another process may hold the port after it, so only the range is certain
            assertTrue(second.localPort() >= UdpSocket.SOURCE_PORT_MIN, "port " + second.localPort());
            System.out.println("[udp] first " + first.localPort() + ", second " + second.localPort() + " (expected "
                    + expected + " unless taken)");
        }
    }

    private static Datagram next(UdpSocket s) throws Exception {
        assertTrue(Libc.pollIn(s.fd(), 5000, "test"), "nothing arrived within 5 s");
        Datagram d = s.receive();
        assertTrue(d != null);
        return d;
    }
}
