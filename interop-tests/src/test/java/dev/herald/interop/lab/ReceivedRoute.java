package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One path a router holds in its table, in the same shape whatever the router:
 * the prefix, its next hop(s) (global first, a link-local one may follow), the AS path
 * (segments flattened, as numbers), and who sent it when the router says so.
 */
public record ReceivedRoute(IpPrefix prefix, List<InetAddress> nextHops, List<Long> asPath, String from) {
    public ReceivedRoute {
        nextHops = List.copyOf(nextHops);
        asPath = List.copyOf(asPath);
    }

    public boolean hasNextHop(InetAddress a) {
        return nextHops.contains(a);
    }

    @Override
    public String toString() {
        return prefix + " via " + nextHops.stream().map(IpPrefix::format).collect(Collectors.joining(","))
                + " as-path " + asPath + (from == null ? "" : " from " + from);
    }
}
