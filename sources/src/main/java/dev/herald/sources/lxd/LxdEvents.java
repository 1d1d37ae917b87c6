package dev.herald.sources.lxd;

import dev.herald.sources.lxd.LxdModel.Key;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Which objects a lifecycle event asks us to read again. */
public final class LxdEvents {
    private LxdEvents() {
    }

    /** What to refetch. */
    public sealed interface Refetch {
    }

    /** Nothing we announce depends on it (images, storage, operations...). */
    public record Ignore(String action) implements Refetch {
    }

    /** One instance: its status, location or devices may have changed, or it is gone. */
    public record InstanceRefetch(Key key) implements Refetch {
    }

    /** One network with its forwards and load balancers. */
    public record NetworkRefetch(Key key) implements Refetch {
    }

    /**
     * Everything (profiles, projects, cluster members (cluster-member-evacuated and -restored
     * included), the end of an evacuation or restore, or an event we cannot read).
     */
    public record FullRefetch(String why) implements Refetch {
    }

    public static Refetch classify(JsonNode event) {
        if (event == null || !event.isObject()) {
            return new FullRefetch("an event that is not a JSON object");
        }
        JsonNode type = event.get("type");
        if (type != null && type.isString() && "operation".equals(type.stringValue())) {
            return operation(event.get("metadata"));
        }
        if (type == null || !type.isString() || !"lifecycle".equals(type.stringValue())) {
            return new Ignore(type != null && type.isString() ? type.stringValue() : "?");
        }
        JsonNode md = event.get("metadata");
        if (md == null || !md.isObject() || md.get("action") == null || !md.get("action").isString()) {
            return new FullRefetch("a lifecycle event without an action");
        }
        String action = md.get("action").stringValue();
        String source = md.get("source") != null && md.get("source").isString() ? md.get("source").stringValue() : "";
        String project = event.get("project") != null && event.get("project").isString() ? event.get("project").stringValue() : "";
        String[] path;
        String qp;
        try {
            URI u = new URI(source);
            path = u.getRawPath() == null ? new String[0] : u.getRawPath().split("/");
            qp = query(u.getRawQuery(), "project");
        } catch (java.net.URISyntaxException e) {
            return new FullRefetch("event source '" + source + "' is not a URL");
        }
        if (qp != null) {
            project = qp;
        }
        if (project.isEmpty()) {
            project = "default";
        }
        // path: "", "1.0", "instances", NAME[, ...]
        String kind = path.length > 2 ? path[2] : "";
        String name = path.length > 3 ? decode(path[3]) : null;
        if (name != null && name.isEmpty()) {
            name = null; // "/1.0/instances//x" names no object: read everything rather than GET the list
        }
        if (action.startsWith("instance-")) {
            if (action.startsWith("instance-snapshot-") || action.startsWith("instance-backup-")
                    || action.startsWith("instance-log-") || action.startsWith("instance-file-")
                    || action.equals("instance-exec") || action.equals("instance-console")
                    || action.equals("instance-console-retrieved") || action.equals("instance-console-reset")
                    || action.equals("instance-metadata-retrieved") || action.equals("instance-metadata-template-retrieved")) {
                return new Ignore(action);
            }
            if (!"instances".equals(kind) || name == null) {
                return new FullRefetch(action + " with source '" + source + "'");
            }
            if (action.equals("instance-renamed")) {
                return new FullRefetch(action); // the old name is only in the context
            }
            return new InstanceRefetch(new Key(project, name));
        }
        if (action.startsWith("network-acl-") || action.startsWith("network-zone-")) {
            return new Ignore(action);
        }
        if (action.startsWith("network-")) {
            if (!"networks".equals(kind) || name == null || action.equals("network-renamed")) {
                return new FullRefetch(action);
            }
            return new NetworkRefetch(new Key(project, name));
        }
        if (action.startsWith("profile-") || action.startsWith("project-") || action.startsWith("cluster-")
                || action.startsWith("config-")) {
            return new FullRefetch(action);
        }
        return new Ignore(action);
    }

    /** The descriptions LXD and Incus give their evacuate and restore operations (operationtype). */
    static final java.util.Set<String> MEMBER_STATE_OPERATIONS = java.util.Set.of("Evacuating cluster member",
            "Restoring cluster member");
    private static final java.util.Set<String> FINAL = java.util.Set.of("Success", "Failure", "Cancelled");

    /**
     * An operation event. Only the end of a cluster member evacuation or restore matters: LXD
     * before 6.6 sends no lifecycle event for either (LXD 6.6+ and Incus 6.4+ also send
     * cluster-member-evacuated and cluster-member-restored), and an evacuated member that runs no
     * instance sends nothing else. Its status changes when the operation starts, its networks
     * stop announcing when it ends: the end is the moment LXD 6.5+ stops or resumes announcing.
     */
    private static Refetch operation(JsonNode op) {
        if (op == null || !op.isObject()) {
            return new Ignore("operation");
        }
        JsonNode d = op.get("description");
        JsonNode st = op.get("status");
        if (d != null && d.isString() && MEMBER_STATE_OPERATIONS.contains(d.stringValue()) && st != null && st.isString()
                && FINAL.contains(st.stringValue())) {
            return new FullRefetch(d.stringValue() + ": " + st.stringValue());
        }
        return new Ignore("operation");
    }

    private static String query(String raw, String key) {
        if (raw == null) {
            return null;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(key)) {
                return decode(kv.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
