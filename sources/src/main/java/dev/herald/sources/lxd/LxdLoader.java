package dev.herald.sources.lxd;

import dev.herald.sources.lxd.LxdModel.Instance;
import dev.herald.sources.lxd.LxdModel.Key;
import dev.herald.sources.lxd.LxdModel.Listener;
import dev.herald.sources.lxd.LxdModel.Network;
import dev.herald.sources.lxd.LxdModel.Project;
import dev.herald.sources.lxd.LxdModel.Server;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads snapshots from LXD: all of it (on every connect) or one object (after an event). An
 * object LXD returns in a shape we cannot read keeps its previous version (reported in
 * {@code bad}), so garbage never withdraws anything by itself.
 *
 * <p>In a cluster, network config is per member for a few keys ({@code bgp.ipvN.nexthop},
 * {@code parent}, {@code bridge.external_interfaces}: LXD's {@code NodeSpecificNetworkConfig}),
 * and LXD leaves them out of any network it returns without {@code ?target=MEMBER}, the list
 * with recursion included (even with a target). So in a cluster each bridge and OVN network is
 * read again on its own with {@code &target=MEMBER}, the member herald announces for: its keys
 * then come from that member, whichever member answers the request (a remote {@code url}).
 */
final class LxdLoader {
    private final LxdClient client;
    private final List<String> bad;
    /** {@code sources.lxd.member}; null: the answering server's own name. */
    private final String member;

    LxdLoader(LxdClient client, List<String> bad) {
        this(client, bad, null);
    }

    LxdLoader(LxdClient client, List<String> bad, String member) {
        this.client = client;
        this.bad = bad;
        this.member = member;
    }

    /** {@code &target=MEMBER} in a cluster (outside one LXD refuses a target), else nothing. */
    private String target(Server server) {
        return server.clustered() ? "&target=" + enc(server.member(member)) : "";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Everything. {@code previous} (may be null) supplies old versions of unreadable objects. */
    LxdSnapshot full(LxdSnapshot previous) throws IOException {
        Server server = LxdJson.server(client.get("/1.0"));
        Map<String, Project> projects = new HashMap<>();
        JsonNode plist = client.get("/1.0/projects?recursion=1");
        for (JsonNode n : array(plist, "projects")) {
            try {
                Project p = LxdJson.project(n);
                projects.put(p.name(), p);
            } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
                String name = name(n);
                bad.add("project " + (name == null ? "?" : name) + ": " + e.getMessage());
                if (name != null && previous != null && previous.projects().containsKey(name)) {
                    projects.put(name, previous.projects().get(name));
                }
            }
        }
        projects.putIfAbsent("default", new Project("default", Map.of()));
        Map<Key, Network> networks = new HashMap<>();
        Map<Key, List<Listener>> listeners = new HashMap<>();
        for (Project p : projects.values()) {
            if (!p.ownNetworks()) {
                continue;
            }
            JsonNode nlist;
            try {
                nlist = client.get("/1.0/networks?recursion=1&project=" + enc(p.name()));
            } catch (LxdJson.LxdApiException e) {
                if (e.notFound()) {
                    continue; // the project went away meanwhile
                }
                throw e;
            }
            for (JsonNode n : array(nlist, "networks")) {
                Network net;
                try {
                    if (!LxdJson.managed(n)) {
                        continue;
                    }
                    net = LxdJson.network(p.name(), n);
                    if (server.clustered() && announced(net)) {
                        net = memberView(server, net.key());
                        if (net == null) {
                            continue; // deleted (or unmanaged) meanwhile; its event follows
                        }
                    }
                } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
                    keepNetwork(previous, p.name(), name(n), e, networks, listeners);
                    continue;
                }
                networks.put(net.key(), net);
                listeners.put(net.key(), listeners(server, net, previous));
            }
        }
        Map<Key, Instance> instances = new HashMap<>();
        if (server.supports("instance_all_projects")) {
            instances(client.get("/1.0/instances?recursion=1&all-projects=true"), null, previous, instances);
        } else {
            for (Project p : projects.values()) {
                instances(client.get("/1.0/instances?recursion=1&project=" + enc(p.name())), p.name(), previous, instances);
            }
        }
        return new LxdSnapshot(server, projects, networks, listeners, instances, evacuated(server, previous));
    }

    /** The types whose routes herald announces, and so whose per-member keys it needs. */
    private static boolean announced(Network n) {
        return "bridge".equals(n.type()) || "ovn".equals(n.type());
    }

    /** One network as the member herald announces for sees it; null when it is gone or unmanaged. */
    private Network memberView(Server server, Key k) throws IOException {
        JsonNode n;
        try {
            n = client.get("/1.0/networks/" + enc(k.name()) + "?project=" + enc(k.project()) + target(server));
        } catch (LxdJson.LxdApiException e) {
            if (e.notFound()) {
                return null;
            }
            throw e;
        }
        return LxdJson.managed(n) ? LxdJson.network(k.project(), n) : null;
    }

    /**
     * Whether the member herald announces for is evacuated ({@code status: Evacuated}). Outside a
     * cluster: never. A member the cluster does not know is reported and counts as not evacuated;
     * an answer herald cannot read keeps the previous state.
     */
    boolean evacuated(Server server, LxdSnapshot previous) throws IOException {
        if (!server.clustered()) {
            return false;
        }
        String name = server.member(member);
        try {
            return LxdJson.evacuated(client.get("/1.0/cluster/members/" + enc(name)));
        } catch (LxdJson.LxdApiException e) {
            if (e.notFound()) {
                bad.add("cluster member " + name + ": not a member of this cluster (sources.lxd.member?)");
                return false;
            }
            throw e;
        } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
            bad.add("cluster member " + name + ": " + e.getMessage());
            return previous != null && previous.evacuated();
        }
    }

    private void instances(JsonNode list, String project, LxdSnapshot previous, Map<Key, Instance> out) {
        for (JsonNode n : array(list, "instances")) {
            try {
                Instance i = fixProject(LxdJson.instance(n), project);
                out.put(i.key(), i);
            } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
                String name = name(n);
                String proj = project != null ? project : n.isObject() && n.get("project") != null && n.get("project").isString()
                        ? n.get("project").stringValue() : "default";
                bad.add("instance " + proj + "/" + (name == null ? "?" : name) + ": " + e.getMessage());
                if (name != null && previous != null && previous.instances().containsKey(new Key(proj, name))) {
                    out.put(new Key(proj, name), previous.instances().get(new Key(proj, name)));
                }
            }
        }
    }

    private static Instance fixProject(Instance i, String project) {
        return project == null || project.equals(i.project()) ? i
                : new Instance(project, i.name(), i.status(), i.location(), i.devices());
    }

    private void keepNetwork(LxdSnapshot previous, String project, String name, RuntimeException e, Map<Key, Network> networks,
            Map<Key, List<Listener>> listeners) {
        bad.add("network " + project + "/" + (name == null ? "?" : name) + ": " + e.getMessage());
        Key k = name == null ? null : new Key(project, name);
        if (k != null && previous != null && previous.networks().containsKey(k)) {
            networks.put(k, previous.networks().get(k));
            listeners.put(k, previous.listeners().getOrDefault(k, List.of()));
        }
    }

    private List<Listener> listeners(Server server, Network net, LxdSnapshot previous) throws IOException {
        if (!"bridge".equals(net.type()) && !"ovn".equals(net.type())) {
            return List.of();
        }
        List<Listener> out = new ArrayList<>();
        String base = "/1.0/networks/" + enc(net.name());
        String q = "?recursion=1&project=" + enc(net.project());
        try {
            if (server.supports("network_forward")) {
                for (JsonNode n : array(client.get(base + "/forwards" + q), "forwards")) {
                    out.add(LxdJson.listener(net.project(), net.name(), Listener.Kind.FORWARD, n));
                }
            }
            if ("ovn".equals(net.type()) && server.supports("network_load_balancer")) {
                for (JsonNode n : array(client.get(base + "/load-balancers" + q), "load balancers")) {
                    out.add(LxdJson.listener(net.project(), net.name(), Listener.Kind.LOAD_BALANCER, n));
                }
            }
        } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
            bad.add("network " + net.key() + " forwards/load balancers: " + e.getMessage());
            return previous == null ? List.of() : previous.listeners().getOrDefault(net.key(), List.of());
        } catch (LxdJson.LxdApiException e) {
            if (e.notFound()) {
                return List.of(); // deleted meanwhile; the network's own event follows
            }
            throw e;
        }
        return out;
    }

    /** Re-reads one instance; a 404 removes it. */
    LxdSnapshot instance(LxdSnapshot s, Key k) throws IOException {
        JsonNode n;
        try {
            n = client.get("/1.0/instances/" + enc(k.name()) + "?project=" + enc(k.project()));
        } catch (LxdJson.LxdApiException e) {
            if (e.notFound()) {
                return s.withInstance(k, null);
            }
            throw e;
        }
        try {
            return s.withInstance(k, fixProject(LxdJson.instance(n), k.project()));
        } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
            bad.add("instance " + k + ": " + e.getMessage());
            return s;
        }
    }

    /** Re-reads one network with its forwards and load balancers; a 404 removes it. */
    LxdSnapshot network(LxdSnapshot s, Key k) throws IOException {
        JsonNode n;
        try {
            n = client.get("/1.0/networks/" + enc(k.name()) + "?project=" + enc(k.project()) + target(s.server()));
        } catch (LxdJson.LxdApiException e) {
            if (e.notFound()) {
                return s.withNetwork(k, null, null);
            }
            throw e;
        }
        Network net;
        try {
            if (!LxdJson.managed(n)) {
                return s.withNetwork(k, null, null);
            }
            net = LxdJson.network(k.project(), n);
        } catch (LxdJson.LxdGarbageException | IllegalArgumentException e) {
            bad.add("network " + k + ": " + e.getMessage());
            return s;
        }
        return s.withNetwork(k, net, listeners(s.server(), net, s));
    }

    private static Iterable<JsonNode> array(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new LxdJson.LxdGarbageException(what + " list is not a JSON array");
        }
        return n.values();
    }

    private static String name(JsonNode n) {
        return n != null && n.isObject() && n.get("name") != null && n.get("name").isString() ? n.get("name").stringValue() : null;
    }
}
