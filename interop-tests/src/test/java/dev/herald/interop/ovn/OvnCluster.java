package dev.herald.interop.ovn;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.LabException;
import dev.herald.interop.lab.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real OVN from a Debian tree ({@link OvnTree}: 25.03 from trixie, 26.03 from sid), in one lab namespace: NB and SB ovsdb-servers (SB also on
 * tcp 127.0.0.1:6642 of that namespace), ovn-northd, and a chassis: an Open_vSwitch
 * ovsdb-server, ovs-vswitchd (userspace netdev datapath: no kernel module) and ovn-controller,
 * which registers the Chassis and claims gateway ports, as on a real gateway host.
 *
 * <p>Every daemon runs in the foreground under {@code ip netns exec NS chroot TRIXIE}, is stopped
 * by its pid, and keeps its sockets and run files in a directory of its own inside the tree
 * (OVS_RUNDIR / OVN_RUNDIR), so concurrent labs never share one.
 */
final class OvnCluster implements AutoCloseable {
    static final int SB_PORT = 6642;
    /** The standalone SB's ssl: port on 127.0.0.1 (when started with a {@link TestPki}). */
    static final int SB_SSL_PORT = 6643;
    final Netns ns;
    final Path tree;
    /** The run directory as seen inside the chroot. */
    final String run;
    final Path logDir;
    private final List<Daemon> daemons = new ArrayList<>();
    /** Members of a clustered SB (empty: one standalone SB). */
    private final java.util.Map<Integer, Daemon> members = new java.util.TreeMap<>();
    private Daemon sb;
    /** The SB as northd and ovn-controller are given it. */
    String sbRemote;
    private Daemon controller;
    private Daemon northd;
    /** Certificates of the SB's ssl: remote (null: tcp and unix only). */
    private TestPki pki;

    private OvnCluster(Netns ns, Path tree, String run, Path logDir) {
        this.ns = ns;
        this.tree = tree;
        this.run = run;
        this.logDir = logDir;
    }

    /** Requires OVN 25.03 in the trixie tree. */
    static void require() {
        OvnTree.TRIXIE.require();
    }

    /** Starts NB, a standalone SB, northd and the chassis {@code chassis} in {@code ns}. */
    static OvnCluster start(Netns ns, Path logDir, String chassis) {
        return start(ns, logDir, chassis, false);
    }

    /** Client port of RAFT member {@code i} (1..3) on 127.0.0.1 of the lab namespace. */
    static int memberPort(int i) {
        return 6650 + i;
    }

    /** The three members' client remotes, comma separated, as OVN and herald take them. */
    static String clusterRemotes() {
        return "tcp:127.0.0.1:" + memberPort(1) + ",tcp:127.0.0.1:" + memberPort(2) + ",tcp:127.0.0.1:" + memberPort(3);
    }

    /** As {@link #start(Netns, Path, String)}; {@code clustered}: the SB is a 3-member RAFT cluster. */
    static OvnCluster start(Netns ns, Path logDir, String chassis, boolean clustered) {
        return start(ns, logDir, chassis, clustered, false);
    }

    /**
     * As {@link #start(Netns, Path, String, boolean)}; {@code ssl}: the standalone SB also listens
     * on ssl:127.0.0.1:{@link #SB_SSL_PORT}, with certificates for itself and for "herald" made
     * by {@link TestPki} in the run directory ({@link #pki()}).
     */
    static OvnCluster start(Netns ns, Path logDir, String chassis, boolean clustered, boolean ssl) {
        return start(OvnTree.TRIXIE, ns, logDir, chassis, clustered, ssl);
    }

    /** As {@link #start(Netns, Path, String, boolean, boolean)}, with the OVN of {@code ovnTree}. */
    static OvnCluster start(OvnTree ovnTree, Netns ns, Path logDir, String chassis, boolean clustered, boolean ssl) {
        Path tree = ovnTree.root();
        String run = "/tmp/" + ns.name() + "-ovn";
        OvnCluster c = new OvnCluster(ns, tree, run, logDir);
        try {
            Path host = c.host(run);
            if (Files.exists(host)) {
                Exec.check("rm", "-rf", "--one-file-system", host.toString());
            }
            Files.createDirectories(host);
            if (ssl) {
                c.pki = TestPki.create(c.host(run + "/pki"), "sb", "herald");
            }
            Files.createDirectories(tree.resolve("dev/net"));
            if (!Files.exists(tree.resolve("dev/net/tun"))) {
                Exec.check("mknod", tree.resolve("dev/net/tun").toString(), "c", "10", "200"); // the netdev datapath's taps
            }
            c.chroot("ovsdb-tool", "create", run + "/nb.db", "/usr/share/ovn/ovn-nb.ovsschema");
            c.chroot("ovsdb-tool", "create", run + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema");
            c.daemons.add(c.daemon("ovsdb-nb", "ovsdb-server", run + "/nb.db", "--remote=punix:" + run + "/nb.sock",
                    "--unixctl=" + run + "/nb.ctl"));
            if (clustered) {
                c.startCluster();
            } else {
                c.startSb(true);
                c.sbRemote = "unix:" + run + "/sb.sock";
            }
            c.northd = c.daemon("ovn-northd", "ovn-northd", "--ovnnb-db=unix:" + run + "/nb.sock",
                    "--ovnsb-db=" + c.sbRemote, "--unixctl=" + run + "/northd.ctl");
            c.daemons.add(c.northd);
            c.daemons.add(c.daemon("ovsdb-ovs", "ovsdb-server", run + "/conf.db", "--remote=punix:" + run + "/ovs.sock",
                    "--unixctl=" + run + "/ovs.ctl"));
            c.awaitSocket("ovs.sock");
            c.chroot("ovs-vsctl", "--db=unix:" + run + "/ovs.sock", "--no-wait", "init");
            c.chroot("ovs-vsctl", "--db=unix:" + run + "/ovs.sock", "--no-wait", "set", "open_vswitch", ".",
                    "external_ids:system-id=" + chassis, "external_ids:ovn-remote=" + c.sbRemote,
                    "external_ids:ovn-encap-type=geneve", "external_ids:ovn-encap-ip=127.0.0.1",
                    "external_ids:ovn-bridge-datapath-type=netdev");
            c.daemons.add(c.daemon("ovs-vswitchd", "ovs-vswitchd", "unix:" + run + "/ovs.sock", "--unixctl=" + run + "/vswitchd.ctl"));
            c.controller = c.daemon("ovn-controller", "ovn-controller", "unix:" + run + "/ovs.sock",
                    "--unixctl=" + run + "/controller.ctl");
            c.daemons.add(c.controller);
            c.awaitSocket("nb.sock");
            c.await("ovn-northd connected", () -> c.nbctl("show").ok());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Starts the SB ovsdb-server; {@code create}: a fresh database file first. */
    void startSb(boolean create) {
        if (create) {
            Path db = host(run + "/sb.db");
            try {
                Files.deleteIfExists(db);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            chroot("ovsdb-tool", "create", run + "/sb.db", "/usr/share/ovn/ovn-sb.ovsschema");
        }
        List<String> args = new ArrayList<>(List.of("ovsdb-server", run + "/sb.db", "--remote=punix:" + run + "/sb.sock",
                "--remote=ptcp:" + SB_PORT + ":127.0.0.1", "--unixctl=" + run + "/sb.ctl"));
        if (pki != null) {
            args.addAll(List.of("--remote=pssl:" + SB_SSL_PORT + ":127.0.0.1", "--private-key=" + run + "/pki/sb-privkey.pem",
                    "--certificate=" + run + "/pki/sb-cert.pem", "--ca-cert=" + run + "/pki/cacert.pem"));
        }
        sb = daemon("ovsdb-sb", args.toArray(String[]::new));
        daemons.add(sb);
        awaitSocket("sb.sock");
    }

    /** Three SB members: RAFT on 127.0.0.1:6644..6646, clients on {@link #memberPort}. */
    private void startCluster() {
        chroot("ovsdb-tool", "create-cluster", run + "/sb1.db", "/usr/share/ovn/ovn-sb.ovsschema", "tcp:127.0.0.1:6644");
        for (int i = 2; i <= 3; i++) {
            chroot("ovsdb-tool", "join-cluster", run + "/sb" + i + ".db", "OVN_Southbound", "tcp:127.0.0.1:" + (6643 + i),
                    "tcp:127.0.0.1:6644");
        }
        for (int i = 1; i <= 3; i++) {
            startMember(i);
        }
        sbRemote = clusterRemotes();
        await("a RAFT leader", () -> leader() > 0);
    }

    /** The member that is leader now, 0 when none is. */
    int leader() {
        for (int i : members.keySet()) {
            if (i < 0 || !members.get(i).isAlive()) {
                continue;
            }
            Exec.Result r = Exec.run(chrootCmd(List.of("ovs-appctl", "-t", run + "/sb" + i + ".ctl", "cluster/status",
                    "OVN_Southbound")), Duration.ofSeconds(10));
            if (r.ok() && r.stdout().contains("Role: leader")) {
                return i;
            }
        }
        return 0;
    }

    /** Starts member {@code i} on its database file (again, after {@link #stopMember}). */
    void startMember(int i) {
        Daemon d = daemon("ovsdb-sb" + i + (members.containsKey(-i) ? "-again" : ""), "ovsdb-server", run + "/sb" + i + ".db",
                "--remote=punix:" + run + "/sb" + i + ".sock", "--remote=ptcp:" + memberPort(i) + ":127.0.0.1",
                "--unixctl=" + run + "/sb" + i + ".ctl");
        members.remove(-i);
        members.put(i, d);
        daemons.add(d);
    }

    /** Whether member {@code i} says it is connected to its cluster. */
    boolean memberConnected(int i) {
        Exec.Result r = Exec.run(chrootCmd(List.of("ovs-appctl", "-t", run + "/sb" + i + ".ctl", "cluster/status",
                "OVN_Southbound")), Duration.ofSeconds(10));
        return r.ok() && r.stdout().contains("Status: cluster member");
    }

    /** Stops member {@code i} (SIGTERM, by pid). */
    void stopMember(int i) {
        Daemon d = members.remove(i);
        d.stop(Duration.ofSeconds(5));
        daemons.remove(d);
        members.put(-i, d); // remembered as stopped: a restart gets its own log
        try {
            Files.deleteIfExists(host(run + "/sb" + i + ".sock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the SB ovsdb-server (SIGTERM, by pid). */
    void stopSb() {
        sb.stop(Duration.ofSeconds(5));
        daemons.remove(sb);
        try {
            Files.deleteIfExists(host(run + "/sb.sock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The lab's gateway router lr-gw, pinned to {@code chassis}, with dynamic routing of connected,
     * NAT, LB and static routes: lrp-ext 198.51.100.1/24 + 2001:db8:ff::1/64 and lrp-int
     * 203.0.113.1/24 + 2001:db8:1::1/64 (switch ls-int); lrp-ext on switch ls-ext. Returns once
     * ovn-controller claimed it.
     */
    void gatewayRouter(String chassis) {
        nb("lr-add", "lr-gw", "--", "set", "logical_router", "lr-gw", "options:chassis=" + chassis,
                "options:dynamic-routing=true", "options:dynamic-routing-redistribute=connected,nat,lb,static");
        nb("lrp-add", "lr-gw", "lrp-ext", "00:00:00:00:ff:01", "198.51.100.1/24", "2001:db8:ff::1/64");
        nb("lrp-add", "lr-gw", "lrp-int", "00:00:00:00:ff:02", "203.0.113.1/24", "2001:db8:1::1/64");
        nb("ls-add", "ls-int", "--", "lsp-add", "ls-int", "lsp-int-r", "--", "lsp-set-type", "lsp-int-r", "router", "--",
                "lsp-set-addresses", "lsp-int-r", "router", "--", "lsp-set-options", "lsp-int-r", "router-port=lrp-int");
        // the outside switch: ovn-controller looks for a router's dynamic-routing port only among
        // its ports that peer with a switch (and herald as it does)
        nb("ls-add", "ls-ext", "--", "lsp-add", "ls-ext", "lsp-ext-r", "--", "lsp-set-type", "lsp-ext-r", "router", "--",
                "lsp-set-addresses", "lsp-ext-r", "router", "--", "lsp-set-options", "lsp-ext-r", "router-port=lrp-ext");
        await("ovn-controller to claim the gateway ports for " + chassis, () -> sbctl("--bare", "--columns=chassis", "find",
                "Port_Binding", "logical_port=lrp-ext").stdout().strip().length() > 0);
    }

    /**
     * Stops ovn-northd and ovn-controller (by pid): the SB then holds exactly what a benchmark
     * writes into it, and nothing else burns CPU on it (ovn-controller would install every row
     * as a kernel route).
     */
    void stopNorthdAndController() {
        for (Daemon d : List.of(northd, controller)) {
            d.stop(Duration.ofSeconds(5));
            daemons.remove(d);
        }
    }

    /** The certificates (host paths) when started with ssl, else null. */
    TestPki pki() {
        return pki;
    }

    /** The standalone SB's unix socket as seen from outside the tree. */
    Path sbSocketFromHost() {
        return host(run + "/sb.sock");
    }

    Path host(String inTree) {
        return tree.resolve(inTree.substring(1));
    }

    /** unix: remote of the local Open_vSwitch database, as herald (outside the chroot) sees it. */
    String ovsRemoteFromHost() {
        return "unix:" + host(run + "/ovs.sock");
    }

    Exec.Result nbctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovn-nbctl", "--db=unix:" + run + "/nb.sock"));
        cmd.addAll(List.of(args));
        return Exec.run(chrootCmd(cmd), Duration.ofSeconds(30));
    }

    /** ovn-nbctl, checked; {@code --wait=sb} so that northd has written the SB when it returns. */
    void nb(String... args) {
        List<String> cmd = new ArrayList<>(List.of("--wait=sb"));
        cmd.addAll(List.of(args));
        nbctl(cmd.toArray(String[]::new)).check();
    }

    Exec.Result sbctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovn-sbctl", "--db=" + sbRemote));
        cmd.addAll(List.of(args));
        return Exec.run(chrootCmd(cmd), Duration.ofSeconds(30));
    }

    /** ovs-vsctl on the chassis's Open_vSwitch database. */
    Exec.Result vsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + run + "/ovs.sock"));
        cmd.addAll(List.of(args));
        return Exec.run(chrootCmd(cmd), Duration.ofSeconds(30));
    }

    private void chroot(String... args) {
        Exec.run(chrootCmd(List.of(args)), Duration.ofSeconds(30)).check();
    }

    private List<String> chrootCmd(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + run, "OVN_RUNDIR=" + run, "OVS_DBDIR=" + run,
                "OVS_LOGDIR=" + run, "chroot", tree.toString()));
        cmd.addAll(args);
        return ns.wrap(cmd);
    }

    private Daemon daemon(String name, String... args) {
        return Daemon.start(name + "@" + ns.name(), chrootCmd(List.of(args)), logDir.resolve(name + ".log"));
    }

    private void awaitSocket(String name) {
        await(name, () -> Files.exists(host(run + "/" + name)));
    }

    void await(String what, java.util.function.BooleanSupplier ok) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (ok.getAsBoolean()) {
                return;
            }
            for (Daemon d : daemons) {
                d.checkAlive();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted waiting for " + what);
            }
        }
        throw new LabException("OVN lab: no " + what + " within 30 s; logs in " + logDir);
    }

    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).close();
        }
        daemons.clear();
        Path host = host(run);
        if (Files.exists(host)) {
            Exec.run("rm", "-rf", "--one-file-system", host.toString());
        }
    }
}
