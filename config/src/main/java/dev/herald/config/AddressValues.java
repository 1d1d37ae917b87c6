package dev.herald.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import dev.herald.codec.InetAddresses;

/** The address keys and what each may hold. */
final class AddressValues {
    private AddressValues() {
    }

    static Inet4Address routerId(YamlNode node, String key, Problems problems) {
        InetAddress a = Scalars.address(node, key, problems);
        if (a == null) {
            return null;
        }
        if (!(a instanceof Inet4Address v4)) {
            // RFC 6286 keeps the BGP Identifier a 4-byte value even on IPv6-only routers.
            return problems.reject(node, key, "must be an IPv4 address (a 32-bit BGP Identifier), got "
                    + InetAddresses.toText(a));
        }
        if (v4.isAnyLocalAddress()) {
            return problems.reject(node, key, "must not be 0.0.0.0 (RFC 6286 requires a non-zero BGP Identifier)");
        }
        return v4;
    }

    /** An address to listen on: the wildcard is the common case. */
    static InetAddress listen(YamlNode node, String key, Problems problems) {
        InetAddress a = Scalars.address(node, key, problems);
        if (a == null) {
            return null;
        }
        if (a.isMulticastAddress()) {
            return problems.reject(node, key, "must not be a multicast address, got " + InetAddresses.toText(a));
        }
        return a;
    }

    /** A unicast host address: a peer, a source address. */
    static InetAddress unicast(YamlNode node, String key, Problems problems) {
        InetAddress a = Scalars.address(node, key, problems);
        if (a == null) {
            return null;
        }
        String text = InetAddresses.toText(a);
        byte[] bytes = a.getAddress();
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return problems.reject(node, key, "must be a unicast host address, got " + text);
        }
        if (InetAddresses.isIpv4Mapped(bytes)) {
            return problems.reject(node, key, "is an IPv4-mapped IPv6 address; write it as "
                    + InetAddresses.toText(tail4(bytes)));
        }
        if (InetAddresses.isLinkLocal6(bytes)) {
            // A link-local address means nothing without an interface, and the config has no way
            // to name one yet.
            return problems.reject(node, key, "is link-local (" + text + "); link-local sessions are not supported yet");
        }
        return a;
    }

    static Inet4Address nextHopIpv4(YamlNode node, String key, Problems problems) {
        InetAddress a = Scalars.address(node, key, problems);
        if (a == null) {
            return null;
        }
        if (a instanceof Inet4Address v4 && !v4.isAnyLocalAddress() && !v4.isMulticastAddress()) {
            return v4;
        }
        String text = InetAddresses.toText(a);
        if (InetAddresses.isIpv4Mapped(a.getAddress())) {
            return problems.reject(node, key, "next hop must be a plain IPv4 address, not the IPv4-mapped "
                    + text + "; write it as " + InetAddresses.toText(tail4(a.getAddress())));
        }
        if (a instanceof Inet6Address) {
            return problems.reject(node, key, "next hop must be an IPv4 address, got the IPv6 address " + text
                    + "; put it under 'ipv6'");
        }
        return problems.reject(node, key, "next hop must be a unicast IPv4 address, got " + text);
    }

    static Inet6Address nextHopIpv6(YamlNode node, String key, Problems problems) {
        InetAddress a = Scalars.address(node, key, problems);
        if (a == null) {
            return null;
        }
        String text = InetAddresses.toText(a);
        byte[] bytes = a.getAddress();
        if (!(a instanceof Inet6Address v6)) {
            return problems.reject(node, key, "next hop must be an IPv6 address, got the IPv4 address " + text
                    + "; put it under 'ipv4'");
        }
        if (InetAddresses.isIpv4Mapped(bytes)) {
            // Routers install a mapped next hop as an unreachable IPv6 route, silently blackholing.
            return problems.reject(node, key, "next hop must be a real IPv6 address, not the IPv4-mapped "
                    + text);
        }
        if (InetAddresses.isLinkLocal6(bytes)) {
            return problems.reject(node, key, "next hop must be a global IPv6 address, got the link-local "
                    + text + " (RFC 2545 section 3)");
        }
        if (v6.isAnyLocalAddress() || v6.isMulticastAddress()) {
            return problems.reject(node, key, "next hop must be a unicast IPv6 address, got " + text);
        }
        return v6;
    }

    private static byte[] tail4(byte[] mapped) {
        byte[] v4 = new byte[4];
        System.arraycopy(mapped, 12, v4, 0, 4);
        return v4;
    }
}
