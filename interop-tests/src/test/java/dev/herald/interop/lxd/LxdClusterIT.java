package dev.herald.interop.lxd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.Netns;
import dev.herald.rib.Route;
import dev.herald.sources.RouteSink;
import dev.herald.sources.lxd.LxdSettings;
import dev.herald.sources.lxd.LxdSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The LXD source on a real two-member LXD 5.0.2 cluster: m1 is an {@link LxdDaemon} in the host
 * namespace, m2 an {@link LxdJoinedMember} in a namespace of its own behind a veth
 * (198.19.252.1/30 on the host, .2 in the namespace, port 8443 on each). A bridge on both members
 * (198.19.6.0/24, no NAT) has per-member {@code bgp.ipv4.nexthop} (m1 198.19.6.11, m2
 * 198.19.6.12, see {@link #memberKey}); a busybox container c1 on m1 routes 198.19.7.0/28 to itself
 * ({@code cluster.evacuate=stop}: m2's namespace has no room for a container).
 *
 * <p>The LXD source runs in the test JVM (three of them: m1's socket, m2's socket, and m2's HTTPS
 * address told to announce for m1), and what each hands the RIB is compared: prefixes and next
 * hops. LXD 5.0.2 sends no lifecycle event for an evacuation: herald learns of it from the end of
 * the evacuate operation.
 */
class LxdClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String M1_NH = "198.19.6.11";
    private static final String M2_NH = "198.19.6.12";

    /** The last routes a source handed the RIB: prefix → next hop ("self" for none). */
    static final class Sink implements RouteSink {
        final AtomicReference<Map<String, String>> last = new AtomicReference<>();

        @Override
        public void replaceAll(String source, Collection<Route> routes) {
            Map<String, String> m = new TreeMap<>();
            routes.forEach(r -> m.put(r.prefix().toString(), (r.prefix().afi() == dev.herald.codec.Afi.IPV4
                    ? r.facts().nextHopIpv4() : r.facts().nextHopIpv6()).map(java.net.InetAddress::getHostAddress).orElse("self")));
            last.set(m);
        }

        @Override
        public void change(String source, Collection<Prefix> added, Collection<Prefix> removed) {
            throw new AssertionError("not used");
        }

        /** Waits until the source's last set is {@code expected}; fails with what it was after {@link #WAIT}. */
        void await(String what, LxdSource src, Map<String, String> expected) throws InterruptedException {
            long t0 = System.nanoTime();
            long deadline = t0 + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (expected.equals(last.get())) {
                    System.err.println("[lab] lxd cluster: " + what + ": " + expected + " after "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    return;
                }
                Thread.sleep(50);
            }
            assertEquals(expected, last.get(), what + "\n" + src.status(null));
        }
    }

    @Test
    void perMemberNextHopsAndEvacuation() throws Exception {
        Lab.requireLab();
        LxdDaemon.require();
        Lab.require(Lab.onPath("openssl"), "the LXD cluster test needs openssl; install it: apt-get install openssl");
        String host = Exec.run("ip", "route", "show", "table", "all").stdout() + Exec.run("ip", "addr", "show").stdout();
        for (String used : List.of("198.19.252.", "198.19.6.", "198.19.7.")) {
            Lab.require(!host.contains(used), "the host already routes or uses " + used + "*, which the LXD cluster test "
                    + "would shadow; not run");
        }
        long t0 = System.nanoTime();
        String tag = "hl" + ProcessHandle.current().pid() % 1_000_000;
        String bridge = tag + "c";
        String hostIf = tag + "k";
        Path logDir = Lab.logRoot().resolve(Lab.RUN_PREFIX + "lxd-cluster");
        List<AutoCloseable> open = new ArrayList<>();
        LxdDaemon m1 = LxdDaemon.start(logDir.resolve("m1"));
        Netns ns = null;
        LxdJoinedMember m2 = null;
        boolean networkMade = false;
        try {
            ns = Netns.create(Lab.RUN_PREFIX + "lxdm2");
            Exec.check("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "veth0", "netns", ns.name());
            Exec.check("ip", "addr", "add", "198.19.252.1/30", "dev", hostIf);
            Exec.check("ip", "link", "set", hostIf, "up");
            ns.ip("addr", "add", "198.19.252.2/30", "dev", "veth0");
            ns.ip("link", "set", "veth0", "up");
            m1.lxc("config", "set", "core.https_address", "198.19.252.1:8443");
            m1.lxc("cluster", "enable", "m1");
            m2 = LxdJoinedMember.join(m1, "198.19.252.1:8443", ns, "m2", "198.19.252.2:8443", logDir);
            System.err.println("[lab] lxd cluster of m1 and m2 up after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

            m1.lxc("network", "create", bridge, "--target", "m1");
            m1.lxc("network", "create", bridge, "--target", "m2");
            m1.lxc("network", "create", bridge, "ipv4.address=198.19.6.1/24", "ipv4.nat=false", "ipv6.address=none");
            networkMade = true;
            memberKey(m1, bridge, "m1", "bgp.ipv4.nexthop", M1_NH);
            memberKey(m1, bridge, "m2", "bgp.ipv4.nexthop", M2_NH);
            m1.lxc("init", "busybox", "c1", "--target", "m1", "-c", "cluster.evacuate=stop");
            m1.lxc("config", "device", "add", "c1", "eth0", "nic", "network=" + bridge, "ipv4.routes.external=198.19.7.0/28");
            m1.lxc("start", "c1");

            // the client certificate for the HTTPS source, trusted cluster-wide
            Path key = logDir.resolve("client.key");
            Path crt = logDir.resolve("client.crt");
            Exec.check("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    key.toString(), "-out", crt.toString(), "-days", "2", "-subj", "/CN=herald-lab");
            m1.lxc("config", "trust", "add", crt.toString());

            Sink s1 = new Sink();
            Sink s2 = new Sink();
            Sink remote = new Sink();
            LxdSource src1 = LxdSource.unix(dev.herald.os.EventLoops.shared(), m1.socket(), settings(null));
            LxdSource src2 = LxdSource.unix(dev.herald.os.EventLoops.shared(), m2.socket(), settings(null));
            // m2 answers, herald runs beside m1: m1's keys, m1's instances, m1's evacuation
            LxdSource srcRemote = LxdSource.remote(URI.create("https://198.19.252.2:8443"), crt, key,
                    m1.dir.resolve("cluster.crt"), settings("m1"));
            open.add(src1);
            open.add(src2);
            open.add(srcRemote);
            src1.start(s1);
            src2.start(s2);
            srcRemote.start(remote);

            Map<String, String> m1All = Map.of("198.19.6.0/24", M1_NH, "198.19.7.0/28", M1_NH);
            Map<String, String> m2All = Map.of("198.19.6.0/24", M2_NH);
            s1.await("m1 over its socket: its own next hop and c1", src1, m1All);
            s2.await("m2 over its socket: its own next hop, not c1", src2, m2All);
            remote.await("m2's HTTPS address for member m1", srcRemote, m1All);

            m1.lxc("cluster", "evacuate", "m1", "--force");
            assertTrue(m1.lxc("cluster", "list", "--format", "csv").contains("EVACUATED"), "m1 evacuated");
            s1.await("m1 evacuated: nothing", src1, Map.of());
            remote.await("m1 evacuated, seen through m2", srcRemote, Map.of());
            assertTrue(src1.status(null).contains("cluster member m1 is evacuated"), src1.status(null));
            assertEquals(m2All, s2.last.get(), "m2 is not evacuated");

            m1.lxc("cluster", "restore", "m1", "--force");
            s1.await("m1 restored", src1, m1All);
            remote.await("m1 restored, seen through m2", srcRemote, m1All);
            assertEquals(m2All, s2.last.get(), "m2 untouched");
            System.err.println("[lab] lxd cluster test steps done after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            m1.lxcUnchecked("delete", "--force", "c1");
            if (networkMade) {
                m1.lxcUnchecked("network", "delete", bridge);
            }
            m1.close(); // while m2 still answers: the cluster's database needs both members
            if (m2 != null) {
                m2.close();
            }
            if (ns != null) {
                ns.close(); // takes the veth with it
            }
            LxdDaemon.leftovers(bridge);
            Files.deleteIfExists(logDir.resolve("client.key"));
            System.err.println("[lab] lxd cluster test took " + (System.nanoTime() - t0) / 1_000_000 + " ms with cleanup");
        }
    }

    /**
     * What {@code lxc network set NET KEY=VALUE --target MEMBER} stores from LXD 5.0.3 on: a
     * networks_config row for that member. LXD 5.0.2 refuses {@code bgp.ipvN.nexthop} on a bridge
     * (its BGP key check wants {@code bgp.peers.NAME.KEY} of every {@code bgp.} key; fixed in
     * 5.0.3), so the row is written with {@code lxd sql global}; LXD then serves it as it would:
     * only to a request with {@code ?target=MEMBER}.
     */
    private static void memberKey(LxdDaemon lxd, String network, String member, String key, String value) {
        Exec.run(List.of("env", "LXD_DIR=" + lxd.dir, "lxd", "sql", "global", "INSERT INTO networks_config (network_id, node_id, "
                + "key, value) SELECT networks.id, nodes.id, '" + key + "', '" + value + "' FROM networks, nodes WHERE networks.name = '"
                + network + "' AND nodes.name = '" + member + "'"), LxdDaemon.TIMEOUT).check();
        String seen = lxd.lxc("network", "get", network, key, "--target", member).strip();
        assertEquals(value, seen, "LXD serves " + key + " of " + member);
        assertEquals("", lxd.lxc("network", "get", network, key).strip(), "without a target LXD leaves " + key + " out");
    }

    private static LxdSettings settings(String member) {
        return new LxdSettings(List.of(), false, null, null, member, LxdSettings.Allow.NONE);
    }
}
