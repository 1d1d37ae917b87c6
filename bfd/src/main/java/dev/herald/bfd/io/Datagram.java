package dev.herald.bfd.io;

import java.net.InetAddress;

/**
 * One received UDP datagram: {@code data[0, length)} is the payload (the socket's buffer, valid
 * until its next receive), {@code ttl} the IPv4 TTL or IPv6 hop limit it arrived with (-1 if the
 * kernel gave none), {@code destination} and {@code ifindex} where it arrived (IP_PKTINFO).
 */
record Datagram(byte[] data, int length, InetAddress source, int sourcePort, InetAddress destination,
        int ifindex, int ttl) {}
