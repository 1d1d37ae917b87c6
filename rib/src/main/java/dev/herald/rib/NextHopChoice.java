package dev.herald.rib;

import java.net.InetAddress;

/** How the next hop of one family is chosen for a peer. */
public sealed interface NextHopChoice {
    /** herald's own next hop for that session (the peer's {@code next-hop}, else the session's address). */
    record Self() implements NextHopChoice {
        @Override
        public String toString() {
            return "self";
        }
    }

    /** The source's hint (an OVN router's uplink address, LXD's {@code bgp.ipvN.nexthop}), else herald's own. */
    record Source() implements NextHopChoice {
        @Override
        public String toString() {
            return "source";
        }
    }

    /** Always this address (of the family's own kind). */
    record Fixed(InetAddress address) implements NextHopChoice {
        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    NextHopChoice SELF = new Self();
    NextHopChoice SOURCE = new Source();
}
