package dev.herald.interop.ovn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded random changes to OVN, as an operator or a cloud makes them, over the topology of
 * {@link #setup()}: the gateway router lr-gw (l3gateway, options:chassis) and the distributed
 * router lr-d (gateway port lrp-d-ext with one gateway chassis), each with an inside switch.
 * Steps: NAT rules (snat, dnat_and_snat, distributed dnat_and_snat whose tracked_port is a VM),
 * load balancers, static routes, router ports with their switches (connected subnets), VM ports
 * added, bound to this chassis (an OVS interface with its iface-id), unbound and removed, the
 * gateways moved to gw2 and back, and the dynamic-routing options toggled (on/off, redistribute
 * kinds per router and per port; with 26.03 redistribute-local-only and dynamic-routing-vrf-id).
 *
 * <p>It keeps a model of what exists so that every command is valid: an {@code ovn-nbctl} that
 * fails is a bug of this class, not a finding. Each step is one {@code ovn-nbctl} transaction
 * (commands joined with {@code --}) and/or one {@code ovs-vsctl} one.
 */
final class RandomOvnOps {
    /** One step: what it does, for the log; ovn-nbctl arguments (may be empty); ovs-vsctl arguments (may be empty). */
    record Step(String what, List<String> nb, List<String> vsctl) {
    }

    static final String GW = "lr-gw";
    static final String D = "lr-d";
    static final List<String> ROUTERS = List.of(GW, D);
    /** Pinned tunnel keys: the table ids ovn-controller installs into (never 253-255, which the kernel uses). */
    static final Map<String, Integer> TUNNEL_KEY = Map.of(GW, 10, D, 11);
    static final List<String> KINDS = List.of("connected", "connected-as-host", "static", "nat", "lb");

    /** A VM port: its switch, router, addresses. */
    record Vm(String name, String sw, String router, String mac, String v4, String v6) {
    }

    static final List<Vm> VMS = List.of(
            new Vm("vm1", "ls-int", GW, "00:00:00:00:01:11", "203.0.113.11", "2001:db8:1::11"),
            new Vm("vm2", "ls-int", GW, "00:00:00:00:01:12", "203.0.113.12", "2001:db8:1::12"),
            new Vm("vm3", "ls-d", D, "00:00:00:00:02:11", "192.0.2.140", "2001:db8:d1::140"),
            new Vm("vm4", "ls-d", D, "00:00:00:00:02:12", "192.0.2.141", "2001:db8:d1::141"));

    /** NAT external addresses and LB VIPs of each router (inside its outside port's network). */
    static final Map<String, List<String>> NAT_IPS = Map.of(
            GW, List.of("198.51.100.50", "198.51.100.51", "198.51.100.52", "2001:db8:ff::50", "2001:db8:ff::51"),
            D, List.of("192.0.2.10", "192.0.2.11", "192.0.2.12", "2001:db8:d::10", "2001:db8:d::11"));
    static final Map<String, List<String>> VIPS = Map.of(
            GW, List.of("198.51.100.80", "198.51.100.81", "2001:db8:ff::80"),
            D, List.of("192.0.2.30", "192.0.2.31", "2001:db8:d::30"));
    static final List<String> STATIC = List.of("198.19.100.0/24", "198.19.101.0/24", "198.19.102.0/24", "2001:db8:50::/48",
            "2001:db8:51::/48");
    /** Static route next hops per router and family (inside the router's inside subnet). */
    static final Map<String, String[]> STATIC_VIA = Map.of(GW, new String[] {"203.0.113.254", "2001:db8:1::254"},
            D, new String[] {"192.0.2.190", "2001:db8:d1::254"});
    static final int SUBNETS = 3;
    /**
     * The switch port (type router) that connects each router's outside port to its outside switch:
     * lr-gw's lrp-ext (every port of a gateway router is an l3gateway port that takes part, so
     * lr-gw keeps lrp-int), lr-d's gateway port lrp-d-ext (its only way to take part).
     */
    static final Map<String, String> UPLINK = Map.of(GW, "lsp-ext-r", D, "lsp-d-ext-r");
    static final Map<String, String> UPLINK_SWITCH = Map.of(GW, "ls-ext", D, "ls-d-ext");
    static final Map<String, String> UPLINK_PORT = Map.of(GW, "lrp-ext", D, "lrp-d-ext");

    enum VmState { ABSENT, PRESENT, BOUND }

    final SplittableRandom random;
    final boolean v2603;
    final Map<String, VmState> vms = new TreeMap<>();
    /** NAT external address -> {router, type, external address, logical address or network}. */
    final Map<String, String[]> nats = new TreeMap<>();
    /** VIP -> router. */
    final Map<String, String> lbs = new TreeMap<>();
    /** Static prefix -> router. */
    final Map<String, String> statics = new TreeMap<>();
    /** Subnet slot -> router. */
    final Map<Integer, String> subnets = new TreeMap<>();
    /** Router -> its gateway is on gw2. */
    final Map<String, Boolean> onGw2 = new HashMap<>(Map.of(GW, false, D, false));
    /** Router -> its dynamic-routing-vrf-id (26.03), when set. */
    final Map<String, Integer> vrfIds = new HashMap<>();
    /** Router -> its {@link #UPLINK} switch port is deleted. */
    final Map<String, Boolean> detached = new HashMap<>(Map.of(GW, false, D, false));

    RandomOvnOps(long seed, OvnTree tree) {
        this.random = new SplittableRandom(seed);
        this.v2603 = tree == OvnTree.SID;
        for (Vm v : VMS) {
            vms.put(v.name(), VmState.ABSENT);
        }
    }

    /**
     * The topology every sequence starts from (one ovn-nbctl transaction): lr-gw's ports are
     * made by {@link OvnCluster#gatewayRouter} before; this pins both routers' tunnel keys and
     * adds lr-d.
     */
    static List<String> setup() {
        return List.of("set", "logical_router", GW, "options:requested-tnl-key=" + TUNNEL_KEY.get(GW),
                "--", "lr-add", D, "--", "set", "logical_router", D, "options:requested-tnl-key=" + TUNNEL_KEY.get(D),
                "options:dynamic-routing=true", "options:dynamic-routing-redistribute=connected,nat,lb,static",
                "--", "lrp-add", D, "lrp-d-ext", "00:00:00:00:fe:01", "192.0.2.1/26", "2001:db8:d::1/64",
                "--", "lrp-add", D, "lrp-d-int", "00:00:00:00:fe:02", "192.0.2.129/26", "2001:db8:d1::1/64",
                "--", "ls-add", "ls-d", "--", "lsp-add", "ls-d", "lsp-d-r", "--", "lsp-set-type", "lsp-d-r", "router",
                "--", "lsp-set-addresses", "lsp-d-r", "router", "--", "lsp-set-options", "lsp-d-r", "router-port=lrp-d-int",
                "--", "ls-add", "ls-d-ext", "--", "lsp-add", "ls-d-ext", UPLINK.get(D), "--", "lsp-set-type", UPLINK.get(D), "router",
                "--", "lsp-set-addresses", UPLINK.get(D), "router", "--", "lsp-set-options", UPLINK.get(D), "router-port=lrp-d-ext",
                "--", "lrp-set-gateway-chassis", "lrp-d-ext", "gw1", "20");
    }

    Step next() {
        int r = random.nextInt(100);
        if (r < 22) {
            return vmStep();
        }
        if (r < 38) {
            return natStep();
        }
        if (r < 48) {
            return lbStep();
        }
        if (r < 58) {
            return staticStep();
        }
        if (r < 68) {
            return subnetStep();
        }
        if (r < 74) {
            return gatewayStep();
        }
        if (r < 78) {
            return uplinkStep();
        }
        return optionStep();
    }

    private Step vmStep() {
        Vm v = pick(VMS);
        VmState s = vms.get(v.name());
        int r = random.nextInt(10);
        switch (s) {
            case ABSENT -> {
                vms.put(v.name(), VmState.PRESENT);
                return nb("add VM port " + v.name() + " on " + v.sw(), "lsp-add", v.sw(), v.name(), "--", "lsp-set-addresses",
                        v.name(), v.mac() + " " + v.v4() + " " + v.v6());
            }
            case PRESENT -> {
                if (r < 7) {
                    vms.put(v.name(), VmState.BOUND);
                    return vsctl("bind " + v.name() + " to gw1", "add-port", "br-int", v.name(), "--", "set", "interface",
                            v.name(), "type=internal", "external_ids:iface-id=" + v.name());
                }
                vms.put(v.name(), VmState.ABSENT);
                return nb("remove VM port " + v.name() + " (unbound)", "lsp-del", v.name());
            }
            default -> {
                if (r < 7) {
                    vms.put(v.name(), VmState.PRESENT);
                    return vsctl("unbind " + v.name(), "del-port", "br-int", v.name());
                }
                vms.put(v.name(), VmState.ABSENT);
                return new Step("remove VM port " + v.name() + " while bound, then its interface", List.of("lsp-del", v.name()),
                        List.of("del-port", "br-int", v.name()));
            }
        }
    }

    private Step natStep() {
        String ext = pick(allOf(NAT_IPS));
        String[] nat = nats.get(ext);
        if (nat != null) {
            nats.remove(ext);
            // ovn-nbctl names an snat by its logical network, the others by their external address
            return nb("remove " + nat[1] + " " + ext + " of " + nat[0], "lr-nat-del", nat[0], nat[1],
                    nat[1].equals("snat") ? nat[3] : ext);
        }
        String router = routerOf(NAT_IPS, ext);
        boolean v6 = ext.contains(":");
        List<Vm> inside = VMS.stream().filter(v -> v.router().equals(router)).toList();
        Vm vm = pick(inside);
        int kind = random.nextInt(3);
        List<String> args;
        String type;
        // ovn-nbctl takes one snat per logical network of a router
        boolean snatTaken = nats.values().stream().anyMatch(n -> n[0].equals(router) && n[1].equals("snat")
                && n[2].contains(":") == v6);
        if (kind == 0 && !snatTaken) {
            type = "snat";
            String subnet = router.equals(GW) ? (v6 ? "2001:db8:1::/64" : "203.0.113.0/24") : (v6 ? "2001:db8:d1::/64" : "192.0.2.128/26");
            args = List.of("lr-nat-add", router, type, ext, subnet);
        } else if (kind == 1 || router.equals(GW) || vms.get(vm.name()) == VmState.ABSENT) {
            // (ovn-nbctl refuses a distributed NAT whose logical port does not exist)
            type = "dnat_and_snat";
            args = List.of("lr-nat-add", router, type, ext, v6 ? vm.v6() : vm.v4());
        } else {
            // distributed: the NAT happens where the VM is, and its rows track the VM's port
            type = "dnat_and_snat";
            args = List.of("lr-nat-add", router, type, ext, v6 ? vm.v6() : vm.v4(), vm.name(), "00:00:00:00:0a:" + hex(ext));
        }
        nats.put(ext, new String[] {router, type, ext, args.get(4)});
        return nb("add " + String.join(" ", args.subList(2, args.size())) + " on " + router, args.toArray(String[]::new));
    }

    private Step lbStep() {
        String vip = pick(allOf(VIPS));
        String name = "lb-" + vip.replace(':', '-').replace('.', '-');
        if (lbs.containsKey(vip)) {
            String router = lbs.remove(vip);
            return nb("remove load balancer " + vip + " of " + router, "lb-del", name);
        }
        String router = routerOf(VIPS, vip);
        Vm vm = pick(VMS.stream().filter(v -> v.router().equals(router)).toList());
        boolean v6 = vip.contains(":");
        String front = v6 ? "[" + vip + "]:80" : vip + ":80";
        String back = v6 ? "[" + vm.v6() + "]:80" : vm.v4() + ":80";
        lbs.put(vip, router);
        return nb("add load balancer " + front + " -> " + back + " on " + router, "lb-add", name, front, back, "tcp", "--",
                "lr-lb-add", router, name);
    }

    private Step staticStep() {
        String prefix = pick(STATIC);
        if (statics.containsKey(prefix)) {
            String router = statics.remove(prefix);
            return nb("remove static route " + prefix + " of " + router, "lr-route-del", router, prefix);
        }
        String router = pick(ROUTERS);
        statics.put(prefix, router);
        String via = STATIC_VIA.get(router)[prefix.contains(":") ? 1 : 0];
        return nb("add static route " + prefix + " via " + via + " on " + router, "lr-route-add", router, prefix, via);
    }

    private Step subnetStep() {
        int n = random.nextInt(SUBNETS);
        String lrp = "lrp-s" + n;
        String ls = "ls-s" + n;
        if (subnets.containsKey(n)) {
            String router = subnets.remove(n);
            return nb("remove router port " + lrp + " of " + router + " and switch " + ls, "lrp-del", lrp, "--", "ls-del", ls);
        }
        String router = pick(ROUTERS);
        subnets.put(n, router);
        String v4 = "198.19." + (10 + n) + ".1/24";
        String v6 = "2001:db8:a" + n + "::1/64";
        String lsp = "lsp-s" + n + "-r";
        return nb("add router port " + lrp + " " + v4 + " " + v6 + " on " + router + " with switch " + ls,
                "lrp-add", router, lrp, "00:00:00:00:0c:0" + n, v4, v6, "--", "ls-add", ls, "--", "lsp-add", ls, lsp,
                "--", "lsp-set-type", lsp, "router", "--", "lsp-set-addresses", lsp, "router",
                "--", "lsp-set-options", lsp, "router-port=" + lrp);
    }

    private Step gatewayStep() {
        String router = pick(ROUTERS);
        boolean away = !onGw2.get(router);
        onGw2.put(router, away);
        String to = away ? "gw2" : "gw1";
        String from = away ? "gw1" : "gw2";
        if (router.equals(GW)) {
            return nb("move gateway router " + GW + " to " + to, "set", "logical_router", GW, "options:chassis=" + to);
        }
        // one transaction: the gateway port never has two gateway chassis (without BFD between
        // them, neither would be active) and never none (its chassis-redirect port would go)
        return nb("move " + D + "'s gateway port to " + to, "lrp-set-gateway-chassis", "lrp-d-ext", to, "20", "--",
                "lrp-del-gateway-chassis", "lrp-d-ext", from);
    }

    /** The switch port facing a router's dynamic-routing port deleted, or made again. */
    private Step uplinkStep() {
        String router = pick(ROUTERS);
        boolean detach = !detached.get(router);
        detached.put(router, detach);
        String lsp = UPLINK.get(router);
        if (detach) {
            return nb("detach " + UPLINK_PORT.get(router) + " of " + router + " from its switch (delete " + lsp + ")", "lsp-del", lsp);
        }
        return nb("attach " + UPLINK_PORT.get(router) + " of " + router + " to " + UPLINK_SWITCH.get(router) + " again",
                "lsp-add", UPLINK_SWITCH.get(router), lsp, "--", "lsp-set-type", lsp, "router", "--", "lsp-set-addresses", lsp,
                "router", "--", "lsp-set-options", lsp, "router-port=" + UPLINK_PORT.get(router));
    }

    private Step optionStep() {
        String router = pick(ROUTERS);
        int r = random.nextInt(v2603 ? 10 : 7);
        if (r == 0) {
            boolean on = random.nextInt(4) != 0;
            return nb("dynamic-routing=" + on + " on " + router, "set", "logical_router", router, "options:dynamic-routing=" + on);
        }
        if (r <= 3) {
            String kinds = kinds();
            return nb("redistribute " + kinds + " on " + router, "set", "logical_router", router,
                    "options:dynamic-routing-redistribute=\"" + kinds + "\"");
        }
        if (r <= 6) {
            String port = pick(portsOf(router));
            if (random.nextInt(3) == 0) {
                return nb("redistribute of port " + port + " removed (the router's applies)", "remove", "logical_router_port", port,
                        "options", "dynamic-routing-redistribute");
            }
            String kinds = kinds();
            return nb("redistribute " + kinds + " on port " + port, "set", "logical_router_port", port,
                    "options:dynamic-routing-redistribute=\"" + kinds + "\"");
        }
        if (r <= 8) {
            boolean onPort = random.nextBoolean();
            String table = onPort ? "logical_router_port" : "logical_router";
            String row = onPort ? pick(portsOf(router)) : router;
            int v = random.nextInt(3);
            if (v == 0) {
                return nb("redistribute-local-only removed from " + row, "remove", table, row, "options",
                        "dynamic-routing-redistribute-local-only");
            }
            return nb("redistribute-local-only=" + (v == 1) + " on " + row, "set", table, row,
                    "options:dynamic-routing-redistribute-local-only=" + (v == 1));
        }
        if (random.nextBoolean()) {
            vrfIds.remove(router);
            return nb("dynamic-routing-vrf-id removed from " + router + " (the tunnel key is the table)", "remove",
                    "logical_router", router, "options", "dynamic-routing-vrf-id");
        }
        int id = 100 + TUNNEL_KEY.get(router);
        vrfIds.put(router, id);
        return nb("dynamic-routing-vrf-id=" + id + " on " + router, "set", "logical_router", router,
                "options:dynamic-routing-vrf-id=" + id);
    }

    /** The routing table ovn-controller writes a router's routes into: its vrf id, else its tunnel key. */
    long table(String router) {
        return vrfIds.getOrDefault(router, TUNNEL_KEY.get(router));
    }

    /** The router whose routes go into {@code table}, or null. */
    String routerOfTable(long table) {
        for (String r : ROUTERS) {
            if (table(r) == table) {
                return r;
            }
        }
        return null;
    }

    /** A router's ports now: its outside and inside port and the subnet ports it has. */
    private List<String> portsOf(String router) {
        List<String> ports = new ArrayList<>(router.equals(GW) ? List.of("lrp-ext", "lrp-int") : List.of("lrp-d-ext", "lrp-d-int"));
        subnets.forEach((n, r) -> {
            if (r.equals(router)) {
                ports.add("lrp-s" + n);
            }
        });
        return ports;
    }

    /**
     * A random subset of the redistribute kinds, in OVN's spelling (may be empty). Not
     * connected-as-host with 25.03: northd 25.03.0 then fails every SB commit in a loop as soon as
     * a router also has NAT (upstream a94092424, fixed in 25.03.2), and ovn-nbctl --wait waits for ever.
     */
    private String kinds() {
        List<String> out = new ArrayList<>();
        for (String k : KINDS) {
            if (!v2603 && k.equals("connected-as-host")) {
                continue;
            }
            if (random.nextInt(3) != 0) {
                out.add(k);
            }
        }
        return String.join(",", out);
    }

    private static List<String> allOf(Map<String, List<String>> byRouter) {
        List<String> out = new ArrayList<>();
        for (String r : ROUTERS) {
            out.addAll(byRouter.get(r));
        }
        return out;
    }

    private static String routerOf(Map<String, List<String>> byRouter, String ip) {
        return byRouter.get(GW).contains(ip) ? GW : D;
    }

    private static String hex(String ip) {
        return String.format("%02x", Math.abs(ip.hashCode()) % 256);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static Step nb(String what, String... args) {
        return new Step(what, List.of(args), List.of());
    }

    private static Step vsctl(String what, String... args) {
        return new Step(what, List.of(), List.of(args));
    }
}
