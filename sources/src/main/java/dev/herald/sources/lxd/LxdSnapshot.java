package dev.herald.sources.lxd;

import dev.herald.sources.lxd.LxdModel.Instance;
import dev.herald.sources.lxd.LxdModel.Key;
import dev.herald.sources.lxd.LxdModel.Listener;
import dev.herald.sources.lxd.LxdModel.Network;
import dev.herald.sources.lxd.LxdModel.Project;
import dev.herald.sources.lxd.LxdModel.Server;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the LXD source knows about one LXD server at one moment. Immutable; the event loop
 * builds a new one for every change.
 *
 * @param listeners forwards and load balancers by network key
 * @param evacuated the cluster member herald announces for is evacuated ({@code status:
 *                  Evacuated} in {@code /1.0/cluster/members/NAME}); always false outside a cluster
 */
public record LxdSnapshot(Server server, Map<String, Project> projects, Map<Key, Network> networks,
        Map<Key, List<Listener>> listeners, Map<Key, Instance> instances, boolean evacuated) {
    public LxdSnapshot {
        Objects.requireNonNull(server, "server");
        projects = java.util.Collections.unmodifiableMap(new TreeMap<>(projects));
        networks = java.util.Collections.unmodifiableMap(new TreeMap<>(networks));
        TreeMap<Key, List<Listener>> l = new TreeMap<>();
        listeners.forEach((k, v) -> l.put(k, List.copyOf(v)));
        listeners = java.util.Collections.unmodifiableMap(l);
        instances = java.util.Collections.unmodifiableMap(new TreeMap<>(instances));
    }

    public LxdSnapshot(Server server, Map<String, Project> projects, Map<Key, Network> networks,
            Map<Key, List<Listener>> listeners, Map<Key, Instance> instances) {
        this(server, projects, networks, listeners, instances, false);
    }

    /** The project whose networks an instance of {@code project} uses. */
    public String networkProject(String project) {
        Project p = projects.get(project);
        return p != null && p.ownNetworks() ? project : "default";
    }

    public LxdSnapshot withInstance(Key key, Instance instance) {
        Map<Key, Instance> m = new TreeMap<>(instances);
        if (instance == null) {
            m.remove(key);
        } else {
            m.put(key, instance);
        }
        return new LxdSnapshot(server, projects, networks, listeners, m, evacuated);
    }

    public LxdSnapshot withNetwork(Key key, Network network, List<Listener> networkListeners) {
        Map<Key, Network> n = new TreeMap<>(networks);
        Map<Key, List<Listener>> l = new TreeMap<>(listeners);
        if (network == null) {
            n.remove(key);
            l.remove(key);
        } else {
            n.put(key, network);
            l.put(key, networkListeners);
        }
        return new LxdSnapshot(server, projects, n, l, instances, evacuated);
    }
}
