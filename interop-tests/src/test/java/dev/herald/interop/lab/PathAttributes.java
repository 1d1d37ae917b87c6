package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LOCAL_PREF and AS_PATH of one path in a router's table, the path from the speaker with next hop
 * {@code nextHop}, as the router holds it (after its import policy): {@code localPref} null when
 * the router shows none.
 */
public record PathAttributes(Long localPref, List<Long> asPath) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PathAttributes {
        asPath = List.copyOf(asPath);
    }

    /** FRR ({@code show bgp ipv4 unicast PREFIX json}) or BIRD ({@code show route all ... for PREFIX}); empty without such a path. */
    public static Optional<PathAttributes> read(Router router, IpPrefix prefix, InetAddress nextHop) {
        String detail = router.routeDetail(prefix);
        return switch (router.kind().impl()) {
            case FRR -> fromFrrJson(detail, nextHop);
            case BIRD -> fromBirdText(detail, nextHop);
            default -> throw new UnsupportedOperationException(router.kind() + ": no path attributes here");
        };
    }

    /** FRR: {@code locPrf} (present when the path carries LOCAL_PREF), {@code aspath.string}. */
    static Optional<PathAttributes> fromFrrJson(String json, InetAddress nextHop) {
        for (JsonNode path : JSON.readTree(json).path("paths")) {
            String ip = path.path("nexthops").path(0).path("ip").asString("");
            if (!ip.isEmpty() && IpPrefix.address(ip).equals(nextHop)) {
                JsonNode lp = path.get("locPrf");
                return Optional.of(new PathAttributes(lp == null ? null : lp.asLong(),
                        FrrParser.numbers(path.path("aspath").path("string").asString(""))));
            }
        }
        return Optional.empty();
    }

    /** BIRD 2 ({@code BGP.local_pref}, {@code BGP.as_path}) and BIRD 3 ({@code bgp_local_pref}, {@code bgp_path}), per path block. */
    static Optional<PathAttributes> fromBirdText(String text, InetAddress nextHop) {
        InetAddress via = null;
        Long localPref = null;
        List<Long> asPath = new ArrayList<>();
        for (String line : (text + "\nunicast [end]").split("\n")) {
            String t = line.trim();
            if (t.matches("^(\\S+/\\d+\\s+)?unicast\\s+\\[.*")) {
                if (nextHop.equals(via)) {
                    return Optional.of(new PathAttributes(localPref, asPath));
                }
                via = null;
                localPref = null;
                asPath = new ArrayList<>();
            } else if (t.startsWith("via ")) {
                via = IpPrefix.address(t.split("\\s+")[1]);
            } else if (t.startsWith("BGP.local_pref:") || t.startsWith("bgp_local_pref:")) {
                localPref = Long.parseLong(t.substring(t.indexOf(':') + 1).trim());
            } else if (t.startsWith("BGP.as_path:") || t.startsWith("bgp_path:")) {
                asPath = FrrParser.numbers(t.substring(t.indexOf(':') + 1));
            }
        }
        return Optional.empty();
    }
}
