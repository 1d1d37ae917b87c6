package dev.herald.sources.lxd;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** An {@link LxdClient} answering from JSON files captured from a real LXD 5.0.2 (test resources). */
final class FixtureClient extends GetOnlyClient {
    private final Map<String, byte[]> bodies = new HashMap<>();
    int gets;

    FixtureClient put(String path, String resource) {
        try (InputStream in = FixtureClient.class.getResourceAsStream("/lxd/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            bodies.put(path, in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    FixtureClient putText(String path, String body) {
        bodies.put(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return this;
    }

    static FixtureClient bridge() {
        return new FixtureClient()
                .put("/1.0", "bridge/server.json")
                .put("/1.0/projects?recursion=1", "bridge/projects.json")
                .put("/1.0/networks?recursion=1&project=default", "bridge/networks-default.json")
                .put("/1.0/networks/hbr0/forwards?recursion=1&project=default", "bridge/forwards-hbr0.json")
                .put("/1.0/instances?recursion=1&all-projects=true", "bridge/instances.json");
    }

    /**
     * The bridge setup as member {@code answering} of a cluster sees it, in LXD's cluster shapes:
     * c1 runs on m1; the network list leaves out the per-member keys (LXD's
     * NodeSpecificNetworkConfig), which only {@code GET /1.0/networks/hbr0?target=MEMBER} shows:
     * m1's bridge next hops are 198.18.10.254 and fd00:10::254, m2's 198.18.10.253 and fd00:10::253.
     * Members m1 and m2 are Online.
     */
    static FixtureClient cluster(String answering) {
        FixtureClient f = bridge();
        f.putText("/1.0", f.text("/1.0").replace("\"server_clustered\": false", "\"server_clustered\": true")
                .replace("\"server_name\": \"vm\"", "\"server_name\": \"" + answering + "\""));
        f.putText("/1.0/instances?recursion=1&all-projects=true", f.text("/1.0/instances?recursion=1&all-projects=true")
                .replace("\"location\": \"none\"", "\"location\": \"m1\""));
        for (String m : new String[] {"m1", "m2"}) {
            f.member(m, "Online");
            String nh = m.equals("m1") ? "254" : "253";
            f.putText("/1.0/networks/hbr0?project=default&target=" + m, """
                    {"type":"sync","status":"Success","status_code":200,"metadata":{"config":{"ipv4.address":"198.18.10.1/24",
                    "ipv4.nat":"false","ipv4.routes":"198.51.100.0/24","ipv6.address":"fd00:10::1/64","ipv6.nat":"false",
                    "bgp.ipv4.nexthop":"198.18.10.NH","bgp.ipv6.nexthop":"fd00:10::NH"},"description":"","name":"hbr0",
                    "type":"bridge","used_by":[],"managed":true,"status":"Created","locations":["m1","m2"]}}
                    """.replace("NH", nh));
        }
        return f;
    }

    /** {@code GET /1.0/cluster/members/NAME} answers {@code status} (LXD 5.0.2's shape). */
    FixtureClient member(String name, String status) {
        return putText("/1.0/cluster/members/" + name, """
                {"type":"sync","status":"Success","status_code":200,"metadata":{"server_name":"NAME",
                "url":"https://127.0.0.1:8443","database":true,"status":"STATUS","message":"","architecture":"x86_64",
                "failure_domain":"default","description":"","config":{},"groups":["default"],"roles":["database"]}}
                """.replace("NAME", name).replace("STATUS", status));
    }

    String text(String path) {
        return new String(bodies.get(path), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every path asked for, in order. */
    final java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    byte[] body(String path) {
        gets++;
        asked.add(path);
        return bodies.get(path);
    }
}
