package dev.herald.os.http;

import java.util.Map;

/** A request as the server got it; {@code path} without the query and undecoded, {@code query} decoded. */
public record Request(String method, String path, Map<String, String> query, byte[] body) {
}
