package dev.herald.rib;

import dev.herald.codec.Afi;
import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Chooses the next hop per family: the peer's explicit override, else the session's own local
 * address of that family, else (IPv4 routes over an IPv6 session) the IPv6 local address when
 * RFC 8950 extended next hop was negotiated. Never a wrong-family or IPv4-mapped next hop: that
 * is the failure operators hit with LXD's built-in speaker (canonical/lxd#12547).
 */
public final class NextHopResolver {
    private NextHopResolver() {
    }

    public static NextHop resolve(Family family, PeerSessionInfo session) {
        byte[] local = unmap(session.localAddress());
        if (family.afi() == Afi.IPV4) {
            Optional<InetAddress> override = session.nextHopIpv4();
            if (override.isPresent()) {
                byte[] b = unmap(override.get());
                return b.length == 4 ? new NextHop.Valid(b)
                        : new NextHop.Missing("configured next-hop.ipv4 " + override.get().getHostAddress()
                                + " is not an IPv4 address");
            }
            if (local.length == 4) {
                return new NextHop.Valid(local);
            }
            if (session.extendedNextHop().contains(family) && !InetAddresses.isLinkLocal6(local)) {
                return new NextHop.Valid(local);
            }
            if (session.extendedNextHop().contains(family) && InetAddresses.isLinkLocal6(local)) {
                // Unnumbered: RFC 8950 with the global next-hop.ipv6 plus the session's link-local.
                Optional<byte[]> global = globalIpv6Override(session);
                if (global.isPresent()) {
                    return new NextHop.Valid(globalPlusLinkLocal(global.get(), local));
                }
                return new NextHop.Missing("no IPv4 next hop: the session runs over the link-local address "
                        + InetAddresses.toText(local) + " and RFC 8950 needs a global IPv6 next hop beside it;"
                        + " configure next-hop.ipv6 (or next-hop.ipv4) for this peer");
            }
            return new NextHop.Missing("no IPv4 next hop: the session runs over IPv6 ("
                    + InetAddresses.toText(local) + "), extended next hop (RFC 8950) was not negotiated"
                    + " and no next-hop.ipv4 is configured for this peer");
        }
        Optional<InetAddress> override = session.nextHopIpv6();
        if (override.isPresent()) {
            byte[] b = override.get().getAddress();
            if (b.length != 16 || InetAddresses.isIpv4Mapped(b)) {
                return new NextHop.Missing("configured next-hop.ipv6 " + override.get().getHostAddress()
                        + " is not an IPv6 address");
            }
            if (local.length == 16 && InetAddresses.isLinkLocal6(local) && !InetAddresses.isLinkLocal6(b)) {
                // RFC 2545 3: over a shared link the global next hop travels with the link-local one.
                return new NextHop.Valid(globalPlusLinkLocal(b, local));
            }
            return new NextHop.Valid(b);
        }
        if (local.length == 16) {
            if (InetAddresses.isLinkLocal6(local)) {
                return new NextHop.Missing("no IPv6 next hop: the session's local address "
                        + InetAddresses.toText(local) + " is link-local and no global next-hop.ipv6 is configured");
            }
            return new NextHop.Valid(local);
        }
        return new NextHop.Missing("no IPv6 next hop: the session runs over IPv4 ("
                + InetAddresses.toText(local) + ") and no next-hop.ipv6 is configured for this peer");
    }

    private static Optional<byte[]> globalIpv6Override(PeerSessionInfo session) {
        return session.nextHopIpv6().map(InetAddress::getAddress)
                .filter(b -> b.length == 16 && !InetAddresses.isIpv4Mapped(b) && !InetAddresses.isLinkLocal6(b));
    }

    /** The 32-byte MP_REACH_NLRI next hop: global, then link-local (RFC 2545 3, RFC 8950 3). */
    static byte[] globalPlusLinkLocal(byte[] global, byte[] linkLocal) {
        byte[] out = Arrays.copyOf(global, 32);
        System.arraycopy(linkLocal, 0, out, 16, 16);
        return out;
    }

    /**
     * A dual-stack socket reports an IPv4 session's address as ::ffff:a.b.c.d; that session is
     * IPv4, so treat the address as the IPv4 address it stands for.
     */
    static byte[] unmap(InetAddress a) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet4Address) && InetAddresses.isIpv4Mapped(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }
}
