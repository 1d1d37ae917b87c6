package dev.herald.bgpd.daemon;

import dev.herald.codec.Prefix;
import dev.herald.config.HeraldConfig;
import dev.herald.config.PeerConfig;
import dev.herald.sources.StaticSource;
import dev.herald.sources.kernel.KernelSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The difference between the running config and a new one, as the steps a reload takes. Pure:
 * it decides, {@link Daemon#reload} acts.
 *
 * @param peersChanged   peers whose own settings changed: their sessions are reset
 * @param sourcesChanged source names ({@code static}, {@code kernel}, {@code lxd}, {@code ovn}) to restart or stop
 * @param changes        one line per change, for the operator
 * @param refused        changes a reload cannot apply; when not empty nothing is applied
 */
record ReloadPlan(List<PeerConfig> peersAdded, List<String> peersRemoved, List<PeerConfig> peersChanged,
                  List<String> sourcesChanged, List<String> changes, List<String> refused) {
    static final String LXD = "lxd";

    static ReloadPlan of(HeraldConfig old, HeraldConfig next) {
        List<String> refused = new ArrayList<>();
        if (!old.router().equals(next.router())) {
            refused.add("router: asn, router-id and listen cannot change while herald runs; restart herald"
                    + " (systemctl restart herald: peers keep the routes through graceful restart)");
        }
        if (!old.rib().equals(next.rib())) {
            refused.add("rib: source-precedence and coalesce-window cannot change while herald runs; restart herald");
        }
        Map<String, PeerConfig> before = byName(old.peers());
        Map<String, PeerConfig> after = byName(next.peers());
        List<PeerConfig> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<PeerConfig> changed = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                removed.add(name);
                changes.add("peer " + name + " removed (Cease/3, peer de-configured)");
            }
        }
        for (PeerConfig p : after.values()) {
            PeerConfig was = before.get(p.name());
            if (was == null) {
                added.add(p);
                changes.add("peer " + p.name() + " added");
            } else if (!samePeer(was.withExport(p.export()).withBfd(p.bfd()), p)) {
                changed.add(p);
                changes.add("peer " + p.name() + " reset, its settings changed: " + String.join(", ", differences(was, p))
                        + " (Cease/6, other configuration change)");
            } else {
                if (!was.export().equals(p.export())) {
                    changes.add("peer " + p.name() + ": export policy changed (session kept, only the difference is sent)");
                }
                if (!was.bfd().equals(p.bfd())) {
                    changes.add("peer " + p.name() + ": " + bfdChange(was.bfd(), p.bfd()) + " (BGP session kept)");
                }
            }
        }
        List<String> sources = new ArrayList<>();
        Set<String> oldStatic = prefixes(old.sources().staticRoutes());
        Set<String> newStatic = prefixes(next.sources().staticRoutes());
        if (!next.sources().staticFiles().isEmpty() || !old.sources().staticFiles().equals(next.sources().staticFiles())) {
            sources.add(StaticSource.NAME); // prefix files are read again on every reload
            changes.add("sources.static: prefix files read again: " + next.sources().staticFiles());
        } else if (!oldStatic.equals(newStatic)) {
            sources.add(StaticSource.NAME);
            Set<String> plus = new HashSet<>(newStatic);
            plus.removeAll(oldStatic);
            Set<String> minus = new HashSet<>(oldStatic);
            minus.removeAll(newStatic);
            changes.add("sources.static: " + plus.size() + " prefix(es) added, " + minus.size() + " removed");
        }
        if (!old.sources().kernel().equals(next.sources().kernel())) {
            sources.add(KernelSource.NAME);
            changes.add(sourceChange("kernel", old.sources().kernel().isPresent(), next.sources().kernel().isPresent()));
        }
        if (!old.sources().lxd().equals(next.sources().lxd())) {
            sources.add(LXD);
            changes.add(sourceChange("lxd", old.sources().lxd().isPresent(), next.sources().lxd().isPresent()));
        }
        if (!old.sources().ovn().equals(next.sources().ovn())) {
            sources.add(dev.herald.sources.ovn.OvnSource.NAME);
            changes.add(sourceChange("ovn", old.sources().ovn().isPresent(), next.sources().ovn().isPresent()));
        }
        changes.addAll(healthChanges(old.healthChecks(), next.healthChecks()));
        if (!old.admin().equals(next.admin())) {
            changes.add("admin: socket moved to " + next.admin().socket());
        }
        if (!old.metrics().equals(next.metrics())) {
            changes.add("metrics: " + next.metrics().map(m -> "listening on " + m.listen()).orElse("off"));
        }
        return new ReloadPlan(added, removed, changed, sources, changes, refused);
    }

    /** The checks added, removed, started over (settings changed) or given a new match (state kept). */
    static List<String> healthChanges(List<dev.herald.config.HealthCheckConfig> old,
                                      List<dev.herald.config.HealthCheckConfig> next) {
        Map<String, dev.herald.config.HealthCheckConfig> was = new LinkedHashMap<>();
        old.forEach(c -> was.put(c.settings().name(), c));
        List<String> out = new ArrayList<>();
        for (var c : next) {
            var w = was.remove(c.settings().name());
            if (w == null) {
                out.add("health check " + c.settings().name() + " added");
            } else if (!w.settings().equals(c.settings())) {
                out.add("health check " + c.settings().name() + " changed, started over");
            } else if (!w.match().equals(c.match())) {
                out.add("health check " + c.settings().name() + ": match changed (state kept)");
            }
        }
        was.keySet().forEach(n -> out.add("health check " + n + " removed, its routes no longer held by it"));
        return out;
    }

    private static String bfdChange(dev.herald.config.BfdConfig was, dev.herald.config.BfdConfig is) {
        if (was.enabled() != is.enabled()) {
            return is.enabled() ? "BFD enabled" : "BFD disabled";
        }
        if (was.withMinimumTtl(0).equals(is.withMinimumTtl(0))) {
            return "BFD minimum-ttl changed (from the next BFD session)";
        }
        return "BFD timers changed (Poll Sequence)";
    }

    private static String sourceChange(String name, boolean was, boolean is) {
        return "sources." + name + ": " + (!was ? "started" : !is ? "stopped, its routes withdrawn"
                : "settings changed, restarted (peers get only the difference)");
    }

    /** Equal for a session: everything but the password's origin (a moved password file with the same key). */
    private static boolean samePeer(PeerConfig a, PeerConfig b) {
        return a.equals(b) && List.copyOf(a.families()).equals(List.copyOf(b.families()));
    }

    /** The names of the keys that differ, never their values (a password must not be shown). */
    static List<String> differences(PeerConfig a, PeerConfig b) {
        List<String> out = new ArrayList<>();
        diff(out, "address", a.address(), b.address());
        diff(out, "interface", a.interfaceName(), b.interfaceName());
        diff(out, "graceful-restart.long-lived-stale-time", a.longLivedStaleTime(), b.longLivedStaleTime());
        diff(out, "asn", a.asn(), b.asn());
        diff(out, "port", a.port(), b.port());
        diff(out, "local-address", a.localAddress(), b.localAddress());
        diff(out, "families", List.copyOf(a.families()), List.copyOf(b.families()));
        diff(out, "next-hop.ipv4", a.nextHopIpv4(), b.nextHopIpv4());
        diff(out, "next-hop.ipv6", a.nextHopIpv6(), b.nextHopIpv6());
        diff(out, "hold-time", a.holdTime(), b.holdTime());
        diff(out, "passive", a.passive(), b.passive());
        diff(out, "password", a.password(), b.password());
        diff(out, "ebgp-multihop", a.ebgpMultihop(), b.ebgpMultihop());
        diff(out, "ttl-security", a.ttlSecurity(), b.ttlSecurity());
        diff(out, "connect-retry", a.connectRetry(), b.connectRetry());
        diff(out, "connect-retry-max", a.connectRetryMax(), b.connectRetryMax());
        diff(out, "graceful-restart", a.gracefulRestartTime(), b.gracefulRestartTime());
        diff(out, "send-hold-time", a.sendHoldTime(), b.sendHoldTime());
        diff(out, "open-hold-time", a.openHoldTime(), b.openHoldTime());
        diff(out, "extended-message", a.extendedMessage(), b.extendedMessage());
        if (out.isEmpty()) {
            out.add("other settings");
        }
        return out;
    }

    private static void diff(List<String> out, String key, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(key);
        }
    }

    private static Map<String, PeerConfig> byName(List<PeerConfig> peers) {
        Map<String, PeerConfig> m = new LinkedHashMap<>();
        peers.forEach(p -> m.put(p.name(), p));
        return m;
    }

    private static Set<String> prefixes(List<Prefix> routes) {
        Set<String> out = new HashSet<>();
        routes.forEach(r -> out.add(r.toString()));
        return out;
    }
}
