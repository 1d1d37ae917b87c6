package dev.herald.sources.lxd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The GET half of an {@link LxdClient} for tests: each body goes through {@link LxdJson} as the
 * real clients' do, so a test's bodies meet the same checks; there is no event stream.
 */
abstract class GetOnlyClient implements LxdClient {
    /** What LXD answers for a path it does not know. */
    static final byte[] NOT_FOUND = "{\"type\":\"error\",\"error_code\":404,\"error\":\"not found\",\"metadata\":null}"
            .getBytes(StandardCharsets.UTF_8);

    /** The response body LXD would send for {@code GET path}; null answers {@link #NOT_FOUND}. */
    abstract byte[] body(String path);

    @Override
    public final JsonNode get(String path) throws IOException {
        byte[] b = body(path);
        return LxdJson.metadata(LxdJson.parse(b == null ? NOT_FOUND : b));
    }

    @Override
    public EventStream events(EventListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
