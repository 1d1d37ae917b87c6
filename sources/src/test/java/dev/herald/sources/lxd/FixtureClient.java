package dev.herald.sources.lxd;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An {@link LxdClient} answering from JSON files captured from a real LXD 5.0.2 (test resources). */
final class FixtureClient implements LxdClient {
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

    @Override
    public JsonNode get(String path) throws IOException {
        gets++;
        byte[] b = bodies.get(path);
        if (b == null) {
            return LxdJson.metadata(LxdJson.parse(
                    "{\"type\":\"error\",\"error_code\":404,\"error\":\"not found\",\"metadata\":null}".getBytes()));
        }
        return LxdJson.metadata(LxdJson.parse(b));
    }

    @Override
    public EventStream events(EventListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
