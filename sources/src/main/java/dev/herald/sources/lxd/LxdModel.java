package dev.herald.sources.lxd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The parts of LXD's REST API objects the LXD source needs, as plain immutable data. */
public final class LxdModel {
    private LxdModel() {
    }

    /** An object's identity: its project and its name. */
    public record Key(String project, String name) implements Comparable<Key> {
        public Key {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public int compareTo(Key o) {
            int c = project.compareTo(o.project);
            return c != 0 ? c : name.compareTo(o.name);
        }

        @Override
        public String toString() {
            return project + "/" + name;
        }
    }

    /**
     * {@code GET /1.0}: who answers and what it supports.
     *
     * @param product {@code environment.server}: "lxd" or "incus" (same /1.0 API and extension
     *                names; only for the log), "" when absent
     */
    public record Server(String serverName, boolean clustered, Set<String> apiExtensions, String product) {
        public Server {
            serverName = serverName == null ? "" : serverName;
            apiExtensions = Set.copyOf(apiExtensions);
            product = product == null ? "" : product;
        }

        public Server(String serverName, boolean clustered, Set<String> apiExtensions) {
            this(serverName, clustered, apiExtensions, "");
        }

        /**
         * The cluster member herald announces for: {@code configured} ({@code sources.lxd.member})
         * when set, else the answering server's own name.
         */
        public String member(String configured) {
            return configured != null ? configured : serverName;
        }

        public boolean supports(String extension) {
            return apiExtensions.contains(extension);
        }
    }

    /** {@code GET /1.0/projects/NAME}. */
    public record Project(String name, Map<String, String> config) {
        public Project {
            Objects.requireNonNull(name, "name");
            config = Map.copyOf(config);
        }

        /** Whether the project has its own networks ({@code features.networks}); default always has. */
        public boolean ownNetworks() {
            return "default".equals(name) || LxdBool.isTrue(config.get("features.networks"));
        }

        public boolean restricted() {
            return LxdBool.isTrue(config.get("restricted"));
        }
    }

    /** {@code GET /1.0/networks/NAME?project=P} (managed networks only). */
    public record Network(String project, String name, String type, Map<String, String> config) {
        public Network {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(name, "name");
            type = type == null ? "" : type;
            config = Map.copyOf(config);
        }

        public Key key() {
            return new Key(project, name);
        }

        public String get(String k) {
            return config.get(k);
        }
    }

    /** A network forward or an OVN load balancer: an external listen address on a network. */
    public record Listener(String project, String network, Kind kind, String listenAddress, String location) {
        public enum Kind { FORWARD, LOAD_BALANCER }

        public Listener {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(listenAddress, "listenAddress");
            location = location == null ? "" : location;
        }
    }

    /** {@code GET /1.0/instances/NAME?project=P} (recursion 1): status, location and expanded devices. */
    public record Instance(String project, String name, String status, String location,
            Map<String, Map<String, String>> devices) {
        public Instance {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(name, "name");
            status = status == null ? "" : status;
            location = location == null ? "" : location;
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            devices.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
            devices = java.util.Collections.unmodifiableMap(copy);
        }

        public Key key() {
            return new Key(project, name);
        }

        public boolean running() {
            return "Running".equals(status);
        }

        /** The NIC devices, in name order. */
        public List<Map.Entry<String, Map<String, String>>> nics() {
            List<Map.Entry<String, Map<String, String>>> out = new ArrayList<>();
            devices.entrySet().stream().filter(e -> "nic".equals(e.getValue().get("type")))
                    .sorted(Map.Entry.comparingByKey()).forEach(out::add);
            return out;
        }
    }
}
