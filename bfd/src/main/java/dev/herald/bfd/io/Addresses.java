package dev.herald.bfd.io;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses compared by their bytes alone: the interface of a link-local one is kept apart. */
final class Addresses {
    private Addresses() {
    }

    /** {@code a} without a scope (an Inet6Address's scope takes part in equals). */
    static InetAddress unscoped(InetAddress a) {
        return a instanceof Inet6Address i6 && i6.getScopeId() == 0 && i6.getScopedInterface() == null
                ? a : of(a.getAddress());
    }

    /** The address of 4 or 16 raw bytes, without a scope. */
    static InetAddress of(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes", e);
        }
    }
}
