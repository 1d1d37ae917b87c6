package dev.herald.interop.lab;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses FRR's {@code show bgp ... json} output (checked against FRR 8.4 and 10.3). */
public final class FrrParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FrrParser() {
    }

    /** {@code show bgp ipv4|ipv6 unicast json}: every path of every prefix. */
    public static List<ReceivedRoute> routes(String json) {
        JsonNode root = JSON.readTree(json);
        List<ReceivedRoute> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.path("routes").properties()) {
            IpPrefix prefix = IpPrefix.parse(e.getKey());
            for (JsonNode path : e.getValue()) {
                List<InetAddress> nextHops = new ArrayList<>();
                for (JsonNode nh : path.path("nexthops")) {
                    String ip = nh.path("ip").asString("");
                    if (!ip.isEmpty()) {
                        InetAddress a = IpPrefix.address(ip);
                        // Global first, link-local after.
                        if ("link-local".equals(nh.path("scope").asString(""))) {
                            nextHops.add(a);
                        } else {
                            nextHops.add(countGlobal(nextHops), a);
                        }
                    }
                }
                String from = path.path("peerId").asString(null);
                out.add(new ReceivedRoute(prefix, nextHops, asPath(path), from));
            }
        }
        return out;
    }

    private static int countGlobal(List<InetAddress> l) {
        int n = 0;
        for (InetAddress a : l) {
            if (!a.isLinkLocalAddress()) {
                n++;
            }
        }
        return n;
    }

    private static List<Long> asPath(JsonNode path) {
        String s = path.path("path").asString(null);
        if (s == null && path.path("aspath").isObject()) {
            s = path.path("aspath").path("string").asString("");
        }
        return numbers(s == null ? "" : s);
    }

    /** The AS numbers in "65010 65020 {65030,65040}", in order (set/confed brackets dropped). */
    static List<Long> numbers(String s) {
        List<Long> asns = new ArrayList<>();
        for (String t : s.split("[^0-9]+")) {
            if (!t.isEmpty()) {
                asns.add(Long.parseLong(t));
            }
        }
        return asns;
    }

    /** {@code connectionsEstablished} of one neighbour in {@code show bgp neighbors json}. */
    public static java.util.OptionalLong timesEstablished(String json, InetAddress neighbor) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(json).properties()) {
            try {
                if (IpPrefix.address(e.getKey()).equals(neighbor) && e.getValue().has("connectionsEstablished")) {
                    return java.util.OptionalLong.of(e.getValue().path("connectionsEstablished").asLong());
                }
            } catch (IllegalArgumentException notAnAddress) {
                // interface peers or summary keys
            }
        }
        return java.util.OptionalLong.empty();
    }

    /** {@code show bgp neighbors json}. */
    public static List<PeerState> peers(String json) {
        JsonNode root = JSON.readTree(json);
        List<PeerState> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            InetAddress addr;
            try {
                addr = IpPrefix.address(e.getKey());
            } catch (IllegalArgumentException notAnAddress) {
                continue; // interface peers or summary keys
            }
            JsonNode n = e.getValue();
            out.add(new PeerState(addr, n.path("remoteAs").asLong(0), BgpState.parse(n.path("bgpState").asString(null))));
        }
        return out;
    }

    /**
     * {@code neighborCapabilities.extendedMessage} of one neighbour in {@code show bgp neighbors json}:
     * "advertisedAndReceived" when both sides sent capability 6 (RFC 8654); empty without a session.
     */
    public static java.util.Optional<Boolean> extendedMessage(String json, InetAddress neighbor) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(json).properties()) {
            try {
                if (!IpPrefix.address(e.getKey()).equals(neighbor)) {
                    continue;
                }
            } catch (IllegalArgumentException notAnAddress) {
                continue;
            }
            JsonNode caps = e.getValue().path("neighborCapabilities");
            if (caps.isMissingNode()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("advertisedAndReceived".equals(caps.path("extendedMessage").asString("")));
        }
        return java.util.Optional.empty();
    }
}
