package dev.herald.interop.kernel;

import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Router;
import dev.herald.os.EventLoops;
import dev.herald.os.http.Reply;
import dev.herald.os.http.UnixHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The announced table as prefix to MED (null: no MED), seen from both ends: herald's Adj-RIB-Out
 * toward a peer (what {@code herald routes --peer NAME --json} prints, asked over the admin
 * socket directly, since a JVM per poll would cost more than the step it checks) and the
 * router's own BGP table ({@code show bgp ipv4|ipv6 unicast json}, FRR's vtysh). Also the LXD
 * differential test's view of both routers.
 */
public final class AnnouncedViews {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MED = Pattern.compile("(?:^|\\s)med (\\d+)");

    private AnnouncedViews() {
    }

    /** herald's Adj-RIB-Out toward {@code peer}, both families. */
    public static Map<IpPrefix, Long> herald(Path socket, String peer) {
        try {
            Reply r = new UnixHttpClient(EventLoops.shared(), socket, "herald", "herald-test")
                    .exchange("GET", "/v1/routes?peer=" + peer, new byte[0], 60_000);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            if (r.status() != 200) {
                throw new IllegalStateException("herald's admin API answered " + r.status() + ": " + body);
            }
            Map<IpPrefix, Long> out = new TreeMap<>(KernelOracle::compare);
            for (JsonNode e : JSON.readTree(body)) {
                Matcher m = MED.matcher(e.path("attributes").asString(""));
                out.put(IpPrefix.parse(e.path("prefix").asString()), m.find() ? Long.parseLong(m.group(1)) : null);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("herald's admin socket " + socket, e);
        }
    }

    /** The router's IPv4 and IPv6 unicast tables (FRR JSON); the MED of a prefix's first path. */
    public static Map<IpPrefix, Long> frr(Router router) {
        Map<IpPrefix, Long> out = new TreeMap<>(KernelOracle::compare);
        for (String family : new String[] {"ipv4", "ipv6"}) {
            String json = router.cli("show bgp " + family + " unicast json").check().stdout();
            for (Map.Entry<String, JsonNode> e : JSON.readTree(json).path("routes").properties()) {
                JsonNode med = e.getValue().path(0).get("metric");
                out.put(IpPrefix.parse(e.getKey()), med == null ? null : med.asLong());
            }
        }
        return out;
    }
}
