package dev.herald.fsm.transport;

import java.net.Inet6Address;
import java.util.Optional;

/**
 * Finds the BGP neighbour on an interface for unnumbered peering: its IPv6 link-local address,
 * scoped to the interface ({@link Inet6Address#getScopeId()} set). Called on a session's event
 * loop when it connects out, so it must answer quickly (a table lookup, no waiting).
 */
@FunctionalInterface
public interface NeighbourFinder {
    /** Finds nothing: interface peers then only take incoming connections. */
    NeighbourFinder NONE = ifname -> Optional.empty();

    Optional<Inet6Address> neighbour(String interfaceName);

    /** The interface's index, or 0 when there is no such interface (now). */
    static int interfaceIndex(String interfaceName) {
        try {
            java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(interfaceName);
            return ni == null ? 0 : ni.getIndex();
        } catch (java.net.SocketException e) {
            return 0;
        }
    }
}
