package dev.herald.interop.lxd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seeded random steps for the daemon's client, one command each, drawn from {@link LxdWorld}'s
 * pools and state: networks created (with random NAT spellings and NAT addresses) and deleted,
 * NAT switched with every boolean spelling the daemon takes, NAT and subnet addresses set and
 * unset, forwards created and deleted, NIC {@code ipvN.routes.external} changed, instances
 * started and stopped, the project restricted or not and its subnets changed. What a step
 * draws depends only on the seed and the world, which the earlier steps' outcomes determine, so
 * a seed replays against the same daemon version. Some commands are refused by the daemon
 * (that is part of the input; the world then stays as it was).
 */
final class RandomLxdOps {
    /**
     * One command. {@code network} names the network a delete is about: if the daemon reports an
     * error but the network is gone, the step took effect.
     */
    record Step(String kind, List<String> args, Runnable onSuccess, String network) {
        String text() {
            return String.join(" ", args);
        }
    }

    private final Random rnd;
    private final LxdWorld w;
    private final boolean startsContainers;

    /** @param startsContainers false: no start/stop steps (NIC changes instead), for a daemon whose containers cannot run here */
    RandomLxdOps(long seed, LxdWorld world, boolean startsContainers) {
        this.rnd = new Random(seed);
        this.w = world;
        this.startsContainers = startsContainers;
    }

    Step next() {
        int k = rnd.nextInt(100);
        List<String> existing = new ArrayList<>(w.networks.keySet());
        // network-level commands cost the daemon a bridge set-up (a second or more each): about a quarter of the steps
        if (k < 6 || existing.isEmpty() && k < 44) {
            return existing.size() == LxdWorld.NETWORKS ? nicRoutes() : createNetwork();
        }
        if (k < 9) {
            return deleteNetwork(pick(existing));
        }
        if (k < 19) {
            return setNat(pick(existing));
        }
        if (k < 24) {
            return setNatAddress(pick(existing));
        }
        if (k < 27) {
            return setAddress(pick(existing));
        }
        if (k < 37) {
            return createForward(pick(existing));
        }
        if (k < 44) {
            List<String[]> fwd = new ArrayList<>();
            w.forwards.forEach((n, s) -> s.forEach(a -> fwd.add(new String[] {n, a})));
            return fwd.isEmpty() ? createForward(pick(existing)) : deleteForward(pick(fwd));
        }
        if (k < 84) {
            return nicRoutes();
        }
        if (k < 89) {
            return startsContainers ? startOrStop() : nicRoutes();
        }
        if (k < 95) {
            return restrict();
        }
        return restrictedSubnets();
    }

    private Step createNetwork() {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < LxdWorld.NETWORKS; i++) {
            if (!w.networks.containsKey(w.network(i))) {
                free.add(i);
            }
        }
        int i = pick(free);
        String name = w.network(i);
        Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("ipv4.address", rnd.nextInt(4) > 0 ? LxdWorld.subnet4(i) : "none");
        c.put("ipv4.nat", spelling(rnd.nextBoolean()));
        if (rnd.nextInt(5) < 2) {
            c.put("ipv4.nat.address", LxdWorld.natAddress4(i));
        }
        c.put("ipv6.address", rnd.nextInt(4) > 0 ? LxdWorld.subnet6(i) : "none");
        c.put("ipv6.nat", spelling(rnd.nextBoolean()));
        if (rnd.nextInt(5) < 2) {
            c.put("ipv6.nat.address", LxdWorld.natAddress6(i));
        }
        List<String> args = new ArrayList<>(List.of("network", "create", name));
        c.forEach((key, v) -> args.add(key + "=" + v));
        return new Step("network create", args, () -> {
            w.networks.put(name, new HashMap<>(c));
            w.forwards.put(name, new TreeSet<>());
        }, null);
    }

    private Step deleteNetwork(String name) {
        return new Step("network delete", List.of("network", "delete", name), () -> {
            w.networks.remove(name);
            w.forwards.remove(name);
        }, name);
    }

    private Step setNat(String name) {
        String key = family() + ".nat";
        return set(name, "network set nat", key, spelling(rnd.nextBoolean()));
    }

    private Step setNatAddress(String name) {
        int i = index(name);
        boolean v4 = rnd.nextBoolean();
        String key = (v4 ? "ipv4" : "ipv6") + ".nat.address";
        return rnd.nextBoolean() ? set(name, "network set nat address", key, v4 ? LxdWorld.natAddress4(i) : LxdWorld.natAddress6(i))
                : unset(name, "network unset nat address", key);
    }

    private Step setAddress(String name) {
        int i = index(name);
        boolean v4 = rnd.nextBoolean();
        String key = (v4 ? "ipv4" : "ipv6") + ".address";
        String v = rnd.nextInt(3) > 0 ? (v4 ? LxdWorld.subnet4(i) : LxdWorld.subnet6(i)) : "none";
        return set(name, "network set address", key, v);
    }

    private Step set(String name, String kind, String key, String value) {
        return new Step(kind, List.of("network", "set", name, key + "=" + value), () -> w.networks.get(name).put(key, value), null);
    }

    private Step unset(String name, String kind, String key) {
        return new Step(kind, List.of("network", "unset", name, key), () -> w.networks.get(name).remove(key), null);
    }

    private Step createForward(String name) {
        Set<String> used = new TreeSet<>();
        w.forwards.values().forEach(used::addAll);
        List<String> free = new ArrayList<>(LxdWorld.forwardPool(index(name)));
        free.removeAll(used);
        if (free.isEmpty()) {
            return nicRoutes();
        }
        String a = pick(free);
        return new Step("forward create", List.of("network", "forward", "create", name, a), () -> w.forwards.get(name).add(a),
                null);
    }

    private Step deleteForward(String[] f) {
        return new Step("forward delete", List.of("network", "forward", "delete", f[0], f[1]),
                () -> w.forwards.get(f[0]).remove(f[1]), null);
    }

    private Step nicRoutes() {
        LxdWorld.Instance i = pick(new ArrayList<>(w.instances.values()));
        boolean v4 = rnd.nextBoolean();
        String key = (v4 ? "ipv4" : "ipv6") + ".routes.external";
        List<String> pool = new ArrayList<>(v4 ? i.pool4 : i.pool6);
        java.util.Collections.shuffle(pool, rnd);
        List<String> chosen = pool.subList(0, rnd.nextInt(pool.size() + 1));
        List<String> args = new ArrayList<>(List.of("config", "device"));
        String value = String.join(",", chosen);
        if (chosen.isEmpty()) {
            args.addAll(List.of("unset", i.name, "eth0", key));
        } else {
            args.addAll(List.of("set", i.name, "eth0", key + "=" + value));
        }
        args.addAll(i.projectArgs());
        return new Step("nic routes", args, () -> {
            boolean changed = !value.equals(i.nic.getOrDefault(key, ""));
            if (chosen.isEmpty()) {
                i.nic.remove(key);
            } else {
                i.nic.put(key, value);
            }
            if (!i.running && changed) {
                i.announcedWhileStopped.clear();
                i.announcedWhileStopped.addAll(LxdWorld.nicRoutes(i));
            }
        }, null);
    }

    private Step startOrStop() {
        LxdWorld.Instance i = pick(new ArrayList<>(w.instances.values()));
        List<String> args = new ArrayList<>(i.running ? List.of("stop", "--force", i.name) : List.of("start", i.name));
        args.addAll(i.projectArgs());
        boolean to = !i.running;
        return new Step(i.running ? "instance stop" : "instance start", args, () -> {
            i.running = to;
            i.announcedWhileStopped.clear(); // a start announces the NIC's routes anyway, a stop removes them
        }, null);
    }

    private Step restrict() {
        String v = spelling(rnd.nextBoolean());
        return new Step("project restricted", List.of("project", "set", w.project, "restricted=" + v),
                () -> w.projectConfig.put("restricted", v), null);
    }

    private Step restrictedSubnets() {
        String key = "restricted.networks.subnets";
        if (rnd.nextInt(4) == 0) {
            return new Step("project subnets", List.of("project", "unset", w.project, key), () -> w.projectConfig.remove(key), null);
        }
        String v = pick(w.restrictedSubnetChoices());
        return new Step("project subnets", List.of("project", "set", w.project, key + "=" + v), () -> w.projectConfig.put(key, v),
                null);
    }

    /** A boolean as a user may write it: one of the daemon's words, each letter upper or lower case at random. */
    String spelling(boolean value) {
        String word = pick(value ? LxdWorld.TRUE_WORDS : LxdWorld.FALSE_WORDS);
        StringBuilder sb = new StringBuilder();
        for (char c : word.toCharArray()) {
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private String family() {
        return rnd.nextBoolean() ? "ipv4" : "ipv6";
    }

    private int index(String network) {
        return Integer.parseInt(network.substring(w.base.length() + 1));
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }
}
