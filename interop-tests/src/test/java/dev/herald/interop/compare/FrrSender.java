package dev.herald.interop.compare;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FRR (10.3 from trixie, 10.7 from sid) as the sender: mgmtd, zebra and bgpd (the lab's FRR), {@code redistribute kernel}
 * of the bulk set, which {@link #installKernelRoutes} put into the sender namespace's main table as
 * blackhole routes before zebra starts. FRR has no bulk input of its own besides its config; the
 * kernel table is how an FRR operator feeds it routes from elsewhere. IPv6 next hop set to
 * fd00:18:N::2 by a route-map, as the other senders send it.
 */
final class FrrSender extends RouterSender {
    private static final Pattern RIB_COUNT = Pattern.compile("\"ribCount\"\\s*:\\s*(\\d+)");

    private FrrSender(String label, Router frr) {
        super(label, frr);
    }

    /** {@code ip -n SENDER -batch}: the bulk set as blackhole routes, proto 84, in the sender namespace. */
    static void installKernelRoutes(BenchLan lan, BulkRoutes routes, Path dir) {
        Path batch = dir.resolve("kernel-routes.batch");
        routes.writeIpBatch(batch);
        Exec.run(List.of("ip", "-n", lan.senderNs().name(), "-batch", batch.toString()), Duration.ofSeconds(600)).check();
        try {
            java.nio.file.Files.delete(batch);
        } catch (java.io.IOException ignored) {
            // a leftover file in the log directory, no harm
        }
    }

    static FrrSender start(String label, RouterKind kind, BenchLan lan, List<Session> sessions, Path dir) {
        kind.require();
        Router r = startRouter(kind, lan, sessions, dir);
        return closeOnFailure(new FrrSender(label, r), () -> {
            StringBuilder c = new StringBuilder("conf t\n");
            c.append("route-map NH6 permit 10\n set ipv6 next-hop global ").append(IpPrefix.format(lan.senderV6())).append("\nexit\n");
            c.append("router bgp 65010\n address-family ipv4 unicast\n  redistribute kernel\n exit-address-family\n");
            c.append(" address-family ipv6 unicast\n  redistribute kernel\n");
            for (Session x : sessions) {
                c.append("  neighbor ").append(x.remote().getHostAddress()).append(" route-map NH6 out\n");
            }
            c.append(" exit-address-family\nend");
            Exec.Result res = r.cli(c.toString());
            if (!res.ok()) {
                throw new AssertionError("FRR sender config failed: " + res.stdout() + res.stderr());
            }
        });
    }

    /** Removes what {@link #installKernelRoutes} put in (proto 84), so the next FRR sender starts from the same table. */
    static void removeKernelRoutes(BenchLan lan) {
        for (String family : List.of("-4", "-6")) {
            Exec.run(List.of("ip", "-n", lan.senderNs().name(), family, "route", "flush", "proto", "84"), Duration.ofSeconds(600)).check();
        }
    }

    /** bgpd's RIB entries, both families ({@code ribCount} of {@code show bgp summary json}). */
    @Override
    public long loaded() {
        Matcher m = RIB_COUNT.matcher(router.cli("show bgp summary json").stdout());
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /** mgmtd, zebra, bgpd: FRR 10's zebra does not run without mgmtd. */
    @Override
    public Map<String, Long> processes() {
        Map<String, Long> out = new LinkedHashMap<>();
        List<Long> pids = router.daemonPids();
        for (long pid : pids) {
            out.put(processName(pid), pid);
        }
        return out;
    }

    private static String processName(long pid) {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (java.io.IOException e) {
            return "pid " + pid;
        }
    }
}
