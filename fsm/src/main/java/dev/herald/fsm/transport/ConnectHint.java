package dev.herald.fsm.transport;

import java.net.InetAddress;

import dev.herald.fsm.SessionConfig;

/**
 * What an operator can do about a failed connect, added to its short reason ({@link Reasons}).
 * "no route to host" on a TTL-1 eBGP connect has two causes that look alike: the peer is more
 * than one hop away (the SYN's TTL ran out), or it is on a connected subnet and the link or the
 * peer is down (ARP or neighbour discovery got no answer). Only the first wants ebgp-multihop, so
 * the hint depends on whether the address is on a connected subnet. "cannot assign requested
 * address" means the configured local-address is not one of this host's (or namespace's).
 */
final class ConnectHint {
    /** What the host says about addresses: the I/O side, {@link HostAddresses#SYSTEM} in herald. */
    interface Host {
        /** An address of one of this namespace's interfaces. */
        boolean isLocal(InetAddress a);

        /** Inside the subnet of one of this namespace's interface addresses. */
        boolean onConnectedSubnet(InetAddress a);
    }

    private ConnectHint() {
    }

    /** {@code reason}, with the hint that applies to it for this peer, if any. */
    static String explain(String reason, SessionConfig cfg, Host host) {
        if (reason.contains("cannot assign requested address") && cfg.localAddress() != null
                && !host.isLocal(cfg.localAddress())) {
            return reason + " (local-address " + cfg.localAddress().getHostAddress()
                    + " is not an address of this host or its network namespace)";
        }
        if (reason.contains("no route to host") && cfg.ttl() == 1 && !cfg.unnumbered()) {
            String peer = cfg.remoteAddress().getHostAddress();
            if (host.onConnectedSubnet(cfg.remoteAddress())) {
                return reason + " (" + peer + " is on a connected subnet and does not answer ARP or neighbour"
                        + " discovery: the link or the peer is down)";
            }
            return reason + " (" + peer + " is not on a connected subnet and herald sends with TTL 1 to this eBGP"
                    + " peer: if it is more than one hop away, set ebgp-multihop)";
        }
        return reason;
    }
}
