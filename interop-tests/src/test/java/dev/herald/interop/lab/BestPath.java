package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reading of a router's table for one prefix: the next hops of every path it holds, and the
 * next hop of the path it selected as best (null: no best path). Lab speakers send their own
 * session address as next hop, so the next hop says which speaker a path came from.
 */
public record BestPath(InetAddress best, Set<InetAddress> present) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public BestPath {
        present = Set.copyOf(present);
    }

    public boolean has(InetAddress nextHop) {
        return present.contains(nextHop);
    }

    /** Reads {@code prefix} (IPv4 unicast) from FRR ({@code show bgp ipv4 unicast PREFIX json}) or BIRD ({@code show route for PREFIX}). */
    public static BestPath read(Router router, IpPrefix prefix) {
        return switch (router.kind().impl()) {
            case FRR -> fromFrrJson(router.routeDetail(prefix));
            case BIRD -> fromBirdText(router.cli("show route table master4 for " + prefix).check().stdout());
            default -> throw new UnsupportedOperationException(router.kind() + ": no best-path reading here");
        };
    }

    /** FRR: each of {@code paths} has {@code nexthops[].ip}; the best one {@code bestpath.overall: true}. */
    static BestPath fromFrrJson(String json) {
        InetAddress best = null;
        Set<InetAddress> present = new LinkedHashSet<>();
        for (JsonNode path : JSON.readTree(json).path("paths")) {
            String ip = path.path("nexthops").path(0).path("ip").asString("");
            if (ip.isEmpty()) {
                continue;
            }
            InetAddress nh = IpPrefix.address(ip);
            present.add(nh);
            if (path.path("bestpath").path("overall").asBoolean(false)) {
                best = nh;
            }
        }
        return new BestPath(best, present);
    }

    /**
     * BIRD 2 and 3: a path's first line names its protocol in brackets, the primary (best) one
     * followed by {@code *}; its next hop is on the {@code via ADDRESS} line after it:
     * <pre>
     * 203.0.113.0/24       unicast [peer1 23:40:01.123] * (100) [AS65010i]
     * 	via 198.18.1.2 on veth0
     *                      unicast [peer2 23:40:01.456] (100) [AS65010i]
     * 	via 198.19.1.2 on veth1
     * </pre>
     */
    static BestPath fromBirdText(String text) {
        InetAddress best = null;
        Set<InetAddress> present = new LinkedHashSet<>();
        boolean primary = false;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.matches("^(\\S+/\\d+\\s+)?unicast\\s+\\[.*")) {
                primary = t.matches(".*\\]\\s+\\*.*");
            } else if (t.startsWith("via ")) {
                InetAddress nh = IpPrefix.address(t.split("\\s+")[1]);
                present.add(nh);
                if (primary) {
                    best = nh;
                    primary = false;
                }
            }
        }
        return new BestPath(best, present);
    }
}
