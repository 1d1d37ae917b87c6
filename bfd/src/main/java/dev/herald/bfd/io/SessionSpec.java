package dev.herald.bfd.io;

import dev.herald.bfd.Parameters;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What a BFD session runs between: {@code local} is the source address (bound, so the peer sees
 * the address it expects), {@code remote} the peer; both of one family. {@code ifindex} is the
 * interface of a link-local IPv6 peer (its scope), else 0. Single hop (RFC 5881, port 3784,
 * TTL 255 checked) unless {@code multihop} (RFC 5883, port 4784), where packets below
 * {@code minTtl} are dropped (1 accepts any).
 */
public record SessionSpec(InetAddress local, InetAddress remote, int ifindex, boolean multihop, int minTtl,
        Parameters parameters) {
    public SessionSpec {
        if ((local instanceof Inet4Address) != (remote instanceof Inet4Address)) {
            throw new IllegalArgumentException("local " + local + " and remote " + remote + " differ in family");
        }
        if (minTtl < 1 || minTtl > 255) {
            throw new IllegalArgumentException("least TTL " + minTtl + " is not 1..255");
        }
    }

    public static SessionSpec singleHop(InetAddress local, InetAddress remote, int ifindex, Parameters parameters) {
        return new SessionSpec(local, remote, ifindex, false, 255, parameters);
    }

    public static SessionSpec multihop(InetAddress local, InetAddress remote, int minTtl, Parameters parameters) {
        return new SessionSpec(local, remote, 0, true, minTtl, parameters);
    }
}
