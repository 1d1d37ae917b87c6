package dev.herald.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Function;

import dev.herald.codec.InetAddresses;

/**
 * The address keys and what each may hold. Each rule is a pure function that names what is wrong
 * with an address ("must be ...", "is ..."), or returns null when nothing is.
 */
final class AddressValues {
    private AddressValues() {
    }

    static Inet4Address routerId(YamlNode node, String key, Problems problems) {
        return (Inet4Address) checked(node, key, problems, AddressValues::routerIdFault);
    }

    /** An address to listen on: the wildcard is the common case. */
    static InetAddress listen(YamlNode node, String key, Problems problems) {
        return checked(node, key, problems,
                a -> a.isMulticastAddress() ? "must not be a multicast address, got " + InetAddresses.toText(a) : null);
    }

    /** A unicast host address: a peer, a source address. */
    static InetAddress unicast(YamlNode node, String key, Problems problems) {
        return checked(node, key, problems, AddressValues::unicastFault);
    }

    static Inet4Address nextHopIpv4(YamlNode node, String key, Problems problems) {
        return (Inet4Address) checked(node, key, problems, AddressValues::nextHopIpv4Fault);
    }

    static Inet6Address nextHopIpv6(YamlNode node, String key, Problems problems) {
        return (Inet6Address) checked(node, key, problems, AddressValues::nextHopIpv6Fault);
    }

    /** The address at {@code node}, or null when it is none or {@code fault} names something wrong (reported). */
    private static InetAddress checked(YamlNode node, String key, Problems problems, Function<InetAddress, String> fault) {
        InetAddress a = Scalars.address(node, key, problems);
        String why = a == null ? null : fault.apply(a);
        return why == null ? a : problems.reject(node, key, why);
    }

    private static String routerIdFault(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            // RFC 6286 keeps the BGP Identifier a 4-byte value even on IPv6-only routers.
            return "must be an IPv4 address (a 32-bit BGP Identifier), got " + InetAddresses.toText(a);
        }
        return a.isAnyLocalAddress() ? "must not be 0.0.0.0 (RFC 6286 requires a non-zero BGP Identifier)" : null;
    }

    private static String unicastFault(InetAddress a) {
        String text = InetAddresses.toText(a);
        byte[] bytes = a.getAddress();
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "must be a unicast host address, got " + text;
        }
        if (InetAddresses.isIpv4Mapped(bytes)) {
            return "is an IPv4-mapped IPv6 address; write it as " + InetAddresses.toText(tail4(bytes));
        }
        // A link-local address means nothing without an interface, and the config has no way to
        // name one yet.
        return InetAddresses.isLinkLocal6(bytes)
                ? "is link-local (" + text + "); link-local sessions are not supported yet" : null;
    }

    private static String nextHopIpv4Fault(InetAddress a) {
        if (a instanceof Inet4Address && !a.isAnyLocalAddress() && !a.isMulticastAddress()) {
            return null;
        }
        String text = InetAddresses.toText(a);
        if (InetAddresses.isIpv4Mapped(a.getAddress())) {
            return "next hop must be a plain IPv4 address, not the IPv4-mapped " + text + "; write it as "
                    + InetAddresses.toText(tail4(a.getAddress()));
        }
        return a instanceof Inet6Address
                ? "next hop must be an IPv4 address, got the IPv6 address " + text + "; put it under 'ipv6'"
                : "next hop must be a unicast IPv4 address, got " + text;
    }

    private static String nextHopIpv6Fault(InetAddress a) {
        String text = InetAddresses.toText(a);
        byte[] bytes = a.getAddress();
        if (!(a instanceof Inet6Address)) {
            return "next hop must be an IPv6 address, got the IPv4 address " + text + "; put it under 'ipv4'";
        }
        if (InetAddresses.isIpv4Mapped(bytes)) {
            // Routers install a mapped next hop as an unreachable IPv6 route, silently blackholing.
            return "next hop must be a real IPv6 address, not the IPv4-mapped " + text;
        }
        if (InetAddresses.isLinkLocal6(bytes)) {
            return "next hop must be a global IPv6 address, got the link-local " + text + " (RFC 2545 section 3)";
        }
        return a.isAnyLocalAddress() || a.isMulticastAddress()
                ? "next hop must be a unicast IPv6 address, got " + text : null;
    }

    private static byte[] tail4(byte[] mapped) {
        byte[] v4 = new byte[4];
        System.arraycopy(mapped, 12, v4, 0, 4);
        return v4;
    }
}
