package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses {@code gobgp -j global rib} and {@code gobgp -j neighbor} (checked against GoBGP 3.10 and 3.36). */
public final class GoBgpParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTR_AS_PATH = 2;
    private static final int ATTR_NEXT_HOP = 3;
    private static final int ATTR_MP_REACH = 14;

    private GoBgpParser() {
    }

    public static List<ReceivedRoute> routes(String json) {
        List<ReceivedRoute> out = new ArrayList<>();
        if (json.isBlank() || json.trim().equals("null")) {
            return out;
        }
        JsonNode root = JSON.readTree(json);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            IpPrefix prefix = IpPrefix.parse(e.getKey());
            for (JsonNode path : e.getValue()) {
                List<InetAddress> nextHops = new ArrayList<>();
                List<Long> asPath = new ArrayList<>();
                for (JsonNode attr : path.path("attrs")) {
                    int type = attr.path("type").asInt(-1);
                    if (type == ATTR_AS_PATH) {
                        for (JsonNode seg : attr.path("as_paths")) {
                            for (JsonNode asn : seg.path("asns")) {
                                asPath.add(asn.asLong());
                            }
                        }
                    } else if (type == ATTR_NEXT_HOP || type == ATTR_MP_REACH) {
                        addAddress(nextHops, attr.path("nexthop"));
                        addAddress(nextHops, attr.path("linklocal_nexthop"));
                        for (JsonNode nh : attr.path("nexthops")) {
                            addAddress(nextHops, nh);
                        }
                    }
                }
                String from = path.path("neighbor-ip").asString(null);
                out.add(new ReceivedRoute(prefix, nextHops, asPath, from));
            }
        }
        return out;
    }

    private static void addAddress(List<InetAddress> into, JsonNode n) {
        if (n.isString() && !n.asString().isEmpty()) {
            InetAddress a = IpPrefix.address(n.asString());
            if (!into.contains(a)) {
                into.add(a);
            }
        }
    }

    public static List<PeerState> peers(String json) {
        List<PeerState> out = new ArrayList<>();
        if (json.isBlank() || json.trim().equals("null")) {
            return out;
        }
        for (JsonNode p : JSON.readTree(json)) {
            JsonNode conf = p.path("conf");
            JsonNode state = p.path("state");
            String addr = conf.path("neighbor_address").asString(state.path("neighbor_address").asString(""));
            long as = conf.path("peer_asn").asLong(state.path("peer_asn").asLong(0));
            JsonNode s = state.path("session_state");
            BgpState bs = s.isMissingNode() ? BgpState.UNKNOWN : BgpState.parse(s.asString());
            out.add(new PeerState(IpPrefix.address(addr), as, bs));
        }
        return out;
    }

    /**
     * {@code gobgp -j neighbor}: the BFD state of each neighbour with BFD ({@code state.bfd_state.session_state},
     * a protobuf enum); single hop only, intervals not shown.
     */
    public static List<RouterBfdSession> bfdSessions(String json) {
        List<RouterBfdSession> out = new ArrayList<>();
        if (json.isBlank() || json.trim().equals("null")) {
            return out;
        }
        for (JsonNode p : JSON.readTree(json)) {
            JsonNode bfd = p.path("state").path("bfd_state");
            if (bfd.isMissingNode() || bfd.isNull()) {
                continue;
            }
            String addr = p.path("conf").path("neighbor_address").asString(p.path("state").path("neighbor_address").asString(""));
            // gobgp -j prints the protobuf enum as a number: BFD_SESSION_STATE_UP is 1 (DOWN 2, ADMIN_DOWN 3).
            JsonNode st = bfd.path("session_state");
            boolean up = st.isNumber() ? st.asInt() == 1 : st.asString("").endsWith("_UP");
            out.add(new RouterBfdSession(IpPrefix.address(addr), false, up,
                    java.util.OptionalLong.empty(), -1, ""));
        }
        return out;
    }
}
