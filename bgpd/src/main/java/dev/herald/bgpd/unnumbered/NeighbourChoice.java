package dev.herald.bgpd.unnumbered;

import dev.herald.sources.kernel.NeighbourTable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which neighbour-table entry is the BGP neighbour on an interface: a usable IPv6 link-local
 * entry on it, preferring one that said it is a router (RAs from a BGP unnumbered router carry
 * that flag), then a REACHABLE one, then the lowest address (a stable choice on a shared link).
 */
final class NeighbourChoice {
    private NeighbourChoice() {
    }

    static Optional<byte[]> choose(List<NeighbourTable.Neighbour> table, int ifindex) {
        return table.stream()
                .filter(n -> n.ifindex() == ifindex && n.usable() && isLinkLocal(n.address()))
                .min(Comparator.comparing((NeighbourTable.Neighbour n) -> !n.router())
                        .thenComparing(n -> (n.state() & NeighbourTable.NUD_REACHABLE) == 0)
                        .thenComparing(NeighbourTable.Neighbour::address, Arrays::compareUnsigned))
                .map(NeighbourTable.Neighbour::address);
    }

    static boolean isLinkLocal(byte[] a) {
        return a.length == 16 && (a[0] & 0xFF) == 0xFE && (a[1] & 0xC0) == 0x80;
    }
}
