package dev.herald.rib;

import java.net.InetAddress;
import java.util.Locale;

/** How the next hop of one family is chosen for a peer. */
public sealed interface NextHopChoice {
    /** Always this address (of the family's own kind). */
    record Fixed(InetAddress address) implements NextHopChoice {
        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    /** The choices that carry no value, each written as its config keyword. */
    enum Keyword implements NextHopChoice {
        /** herald's own next hop for that session (the peer's {@code next-hop}, else the session's address). */
        SELF,
        /** The source's hint (an OVN router's uplink address, LXD's {@code bgp.ipvN.nexthop}), else herald's own. */
        SOURCE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    NextHopChoice SELF = Keyword.SELF;
    NextHopChoice SOURCE = Keyword.SOURCE;
}
