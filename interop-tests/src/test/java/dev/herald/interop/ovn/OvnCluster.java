package dev.herald.interop.ovn;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
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
 * Real OVN 25.03 from the trixie tree, in one lab namespace: NB and SB ovsdb-servers (SB also on
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
    final Netns ns;
    final Path tree;
    /** The run directory as seen inside the chroot. */
    final String run;
    final Path logDir;
    private final List<Daemon> daemons = new ArrayList<>();
    private Daemon sb;
    private Daemon controller;

    private OvnCluster(Netns ns, Path tree, String run, Path logDir) {
        this.ns = ns;
        this.tree = tree;
        this.run = run;
        this.logDir = logDir;
    }

    static void require() {
        Lab.requireTrixie();
        Path t = Lab.trixieRoot();
        // ovs-vswitchd is an alternatives symlink (absolute, valid only inside the tree): not followed
        for (String b : List.of("usr/sbin/ovsdb-server", "usr/bin/ovn-northd", "usr/bin/ovn-controller", "usr/sbin/ovs-vswitchd",
                "usr/bin/ovn-nbctl")) {
            Lab.require(Files.exists(t.resolve(b), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "OVN 25.03 is missing from the trixie tree (" + b + "); upgrade it: sudo interop-tests/lab/trixie-rootfs.sh");
        }
    }

    /** Starts NB, SB, northd and the chassis {@code chassis} in {@code ns}. */
    static OvnCluster start(Netns ns, Path logDir, String chassis) {
        Path tree = Lab.trixieRoot();
        String run = "/tmp/" + ns.name() + "-ovn";
        OvnCluster c = new OvnCluster(ns, tree, run, logDir);
        try {
            Path host = c.host(run);
            if (Files.exists(host)) {
                Exec.check("rm", "-rf", "--one-file-system", host.toString());
            }
            Files.createDirectories(host);
            Files.createDirectories(tree.resolve("dev/net"));
            if (!Files.exists(tree.resolve("dev/net/tun"))) {
                Exec.check("mknod", tree.resolve("dev/net/tun").toString(), "c", "10", "200"); // the netdev datapath's taps
            }
            c.chroot("ovsdb-tool", "create", run + "/nb.db", "/usr/share/ovn/ovn-nb.ovsschema");
            c.chroot("ovsdb-tool", "create", run + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema");
            c.daemons.add(c.daemon("ovsdb-nb", "ovsdb-server", run + "/nb.db", "--remote=punix:" + run + "/nb.sock",
                    "--unixctl=" + run + "/nb.ctl"));
            c.startSb(true);
            c.daemons.add(c.daemon("ovn-northd", "ovn-northd", "--ovnnb-db=unix:" + run + "/nb.sock",
                    "--ovnsb-db=unix:" + run + "/sb.sock", "--unixctl=" + run + "/northd.ctl"));
            c.daemons.add(c.daemon("ovsdb-ovs", "ovsdb-server", run + "/conf.db", "--remote=punix:" + run + "/ovs.sock",
                    "--unixctl=" + run + "/ovs.ctl"));
            c.awaitSocket("ovs.sock");
            c.chroot("ovs-vsctl", "--db=unix:" + run + "/ovs.sock", "--no-wait", "init");
            c.chroot("ovs-vsctl", "--db=unix:" + run + "/ovs.sock", "--no-wait", "set", "open_vswitch", ".",
                    "external_ids:system-id=" + chassis, "external_ids:ovn-remote=unix:" + run + "/sb.sock",
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
        sb = daemon("ovsdb-sb", "ovsdb-server", run + "/sb.db", "--remote=punix:" + run + "/sb.sock",
                "--remote=ptcp:" + SB_PORT + ":127.0.0.1", "--unixctl=" + run + "/sb.ctl");
        daemons.add(sb);
        awaitSocket("sb.sock");
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
        List<String> cmd = new ArrayList<>(List.of("ovn-sbctl", "--db=unix:" + run + "/sb.sock"));
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
