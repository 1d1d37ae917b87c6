package dev.herald.bgpd.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the admin API and the CLI, and small helpers around it. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** An ordered object under construction. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    public static JsonNode parse(byte[] json) {
        return MAPPER.readTree(json);
    }
}
