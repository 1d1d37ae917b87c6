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

    /** An ordered object of the keys and values given in turn: {@code object("a", 1, "b", null)}. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> o = object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            o.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return o;
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    public static JsonNode parse(byte[] json) {
        return MAPPER.readTree(json);
    }
}
