package dev.herald.rib;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/** Session descriptions for tests. */
final class Sessions {
    private Sessions() {
    }

    static PeerSessionInfo ebgp(String local, String nh4, String nh6, Family... families) {
        return new PeerSessionInfo("p1", 65010, 65001, Set.of(families), Set.of(), addr(local),
                Optional.ofNullable(nh4).map(Sessions::addr), Optional.ofNullable(nh6).map(Sessions::addr), 4096);
    }

    static InetAddress addr(String s) {
        InetAddress a = InetAddresses.parse(s);
        if (a == null) {
            throw new IllegalArgumentException(s);
        }
        return a;
    }
}
