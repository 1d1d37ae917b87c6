package dev.herald.sources.lxd;

import dev.herald.sources.lxd.LxdModel.Instance;
import dev.herald.sources.lxd.LxdModel.Listener;
import dev.herald.sources.lxd.LxdModel.Network;
import dev.herald.sources.lxd.LxdModel.Project;
import dev.herald.sources.lxd.LxdModel.Server;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns LXD REST API JSON into {@link LxdModel} objects. Anything malformed is a
 * {@link LxdGarbageException} naming what was wrong; list readers skip bad elements and report
 * them, so one broken object never hides the others.
 */
public final class LxdJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private LxdJson() {
    }

    /** Thrown for JSON that does not have the shape LXD documents. */
    public static final class LxdGarbageException extends RuntimeException {
        public LxdGarbageException(String message) {
            super(message);
        }
    }

    public static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new LxdGarbageException("not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The {@code metadata} of a standard response.
     *
     * @throws LxdApiException for an error response (with its code, 404 for "not found")
     */
    public static JsonNode metadata(JsonNode response) {
        if (response == null || !response.isObject()) {
            throw new LxdGarbageException("response is not a JSON object");
        }
        String type = text(response, "type");
        if ("error".equals(type)) {
            JsonNode code = response.get("error_code");
            throw new LxdApiException(code != null && code.isNumber() ? code.intValue() : 0, text(response, "error"));
        }
        if (!"sync".equals(type) && !"async".equals(type)) {
            throw new LxdGarbageException("response type is " + (type == null ? "missing" : "'" + type + "'"));
        }
        JsonNode md = response.get("metadata");
        if (md == null) {
            throw new LxdGarbageException("response has no metadata");
        }
        return md;
    }

    /** An error response from LXD. */
    public static final class LxdApiException extends RuntimeException {
        private final int code;

        public LxdApiException(int code, String message) {
            super("LXD error " + code + ": " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }

        public boolean notFound() {
            return code == 404;
        }
    }

    public static Server server(JsonNode md) {
        requireObject(md, "server");
        JsonNode env = md.get("environment");
        String name = env != null && env.isObject() ? text(env, "server_name") : null;
        boolean clustered = env != null && env.isObject() && env.get("server_clustered") != null
                && env.get("server_clustered").isBoolean() && env.get("server_clustered").booleanValue();
        Set<String> ext = new HashSet<>();
        JsonNode list = md.get("api_extensions");
        if (list != null && list.isArray()) {
            for (JsonNode e : list.values()) {
                if (e.isString()) {
                    ext.add(e.stringValue());
                }
            }
        }
        return new Server(name, clustered, ext, env != null && env.isObject() ? text(env, "server") : null);
    }

    /**
     * Whether a {@code GET /1.0/cluster/members/NAME} says the member is evacuated. LXD and Incus
     * both write {@code status: "Evacuated"} for their ClusterMemberStateEvacuated.
     */
    public static boolean evacuated(JsonNode member) {
        requireObject(member, "cluster member");
        String status = text(member, "status");
        if (status == null) {
            throw new LxdGarbageException("cluster member has no 'status'");
        }
        return "Evacuated".equals(status);
    }

    public static Project project(JsonNode n) {
        requireObject(n, "project");
        return new Project(requiredText(n, "name", "project"), stringMap(n.get("config"), "project config"));
    }

    public static Network network(String project, JsonNode n) {
        requireObject(n, "network");
        String name = requiredText(n, "name", "network");
        return new Network(project, name, text(n, "type"), stringMap(n.get("config"), "network " + name + " config"));
    }

    /** Whether the network object says it is managed by LXD (unmanaged ones are host interfaces). */
    public static boolean managed(JsonNode n) {
        JsonNode m = n.get("managed");
        return m != null && m.isBoolean() && m.booleanValue();
    }

    public static Listener listener(String project, String network, Listener.Kind kind, JsonNode n) {
        requireObject(n, kind == Listener.Kind.FORWARD ? "network forward" : "load balancer");
        return new Listener(project, network, kind, requiredText(n, "listen_address", "listener"), text(n, "location"));
    }

    public static Instance instance(JsonNode n) {
        requireObject(n, "instance");
        String name = requiredText(n, "name", "instance");
        String project = text(n, "project");
        if (project == null || project.isEmpty()) {
            project = "default"; // LXD leaves it out for the default project in older versions
        }
        JsonNode devs = n.get("expanded_devices");
        if (devs == null || devs.isNull()) {
            devs = n.get("devices");
        }
        Map<String, Map<String, String>> devices = new LinkedHashMap<>();
        if (devs != null && !devs.isNull()) {
            requireObject(devs, "instance " + name + " devices");
            for (Map.Entry<String, JsonNode> e : devs.properties()) {
                devices.put(e.getKey(), stringMap(e.getValue(), "instance " + name + " device " + e.getKey()));
            }
        }
        return new Instance(project, name, text(n, "status"), text(n, "location"), devices);
    }

    /**
     * Reads each element of a JSON array; elements that fail are reported to {@code bad} and
     * skipped.
     */
    public static <T> List<T> list(JsonNode md, String what, Function<JsonNode, T> reader, List<String> bad) {
        if (md == null || !md.isArray()) {
            throw new LxdGarbageException(what + " list is not a JSON array");
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : md.values()) {
            try {
                out.add(reader.apply(n));
            } catch (LxdGarbageException | IllegalArgumentException e) {
                bad.add(what + " #" + i + ": " + e.getMessage());
            }
            i++;
        }
        return out;
    }

    private static void requireObject(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new LxdGarbageException(what + " is not a JSON object");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static String requiredText(JsonNode n, String field, String what) {
        String v = text(n, field);
        if (v == null || v.isEmpty()) {
            throw new LxdGarbageException(what + " has no '" + field + "'");
        }
        return v;
    }

    private static Map<String, String> stringMap(JsonNode n, String what) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return m;
        }
        requireObject(n, what);
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (v.isString()) {
                m.put(e.getKey(), v.stringValue());
            } else if (v.isNull()) {
                continue;
            } else {
                throw new LxdGarbageException(what + " key '" + e.getKey() + "' is not a string");
            }
        }
        return m;
    }
}
