package dev.herald.interop.lxd;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.LabException;
import dev.herald.interop.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A second LXD 5.0.2 daemon that joins the cluster of an {@link LxdDaemon}: its own LXD_DIR, run
 * inside a network namespace ({@code ip netns exec}) so that the cluster's bridges, dnsmasq and
 * firewall rules of the same names do not meet the first member's in the host namespace. Its
 * mounts live in the mount namespace {@code ip netns exec} makes and go with the daemon; its
 * unix socket is a file under LXD_DIR, reachable from the host.
 */
final class LxdJoinedMember implements AutoCloseable {
    final String name;
    final Path dir;
    private final Daemon daemon;

    private LxdJoinedMember(String name, Path dir, Daemon daemon) {
        this.name = name;
        this.dir = dir;
        this.daemon = daemon;
    }

    /**
     * Starts a bare daemon in {@code ns} and joins it to {@code first}'s cluster at
     * {@code clusterAddress} as {@code name}, listening on {@code address} (both IP:port).
     */
    static LxdJoinedMember join(LxdDaemon first, String clusterAddress, Netns ns, String name, String address, Path logDir) {
        Path dir = Path.of(first.dir + "-" + name);
        Daemon d = null;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            d = Daemon.start("lxd " + name, ns.wrap(List.of("env", "LXD_DIR=" + dir, "lxd", "--group", "root", "--logfile",
                    logDir.resolve("lxd-" + name + ".log").toString())), logDir.resolve("lxd-" + name + ".out"));
            LxdJoinedMember m = new LxdJoinedMember(name, dir, d);
            Exec.run(List.of("env", "LXD_DIR=" + dir, "lxd", "waitready", "--timeout", "60"), Duration.ofSeconds(70)).check();
            String token = first.lxc("cluster", "add", name).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow()
                    .strip();
            String preseed = """
                    cluster:
                      enabled: true
                      server_name: %s
                      server_address: %s
                      cluster_address: %s
                      cluster_token: %s
                      member_config:
                      - entity: storage-pool
                        name: default
                        key: source
                        value: ""
                    """.formatted(name, address, clusterAddress, token);
            Path file = logDir.resolve("preseed-" + name + ".yaml");
            Files.writeString(file, preseed);
            Exec.Result r = Exec.run(List.of("sh", "-c", "LXD_DIR=\"$1\" lxd init --preseed < \"$2\"", "sh", dir.toString(),
                    file.toString()), LxdDaemon.TIMEOUT);
            if (!r.ok()) {
                throw new LabException("lxd init --preseed (join " + name + ") failed: " + r.stderr() + "\n" + d.tail(30));
            }
            System.err.println("[lab] lxd " + name + " pid " + d.pid() + " joined the cluster, LXD_DIR " + dir);
            return m;
        } catch (IOException | RuntimeException e) {
            if (d != null) {
                d.signalAndWait("TERM", Duration.ofSeconds(10));
            }
            remove(dir);
            if (e instanceof IOException io) {
                throw new LabException("cannot start LXD member " + name, io);
            }
            throw (RuntimeException) e;
        }
    }

    Path socket() {
        return dir.resolve("unix.socket");
    }

    /** {@code lxc ARGS} against this member's socket, checked. */
    String lxc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LXD_DIR=" + dir, "lxc"));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, LxdDaemon.TIMEOUT).check().stdout();
    }

    /** Stops the daemon by pid (its cluster is being torn down: a short grace, then SIGKILL) and removes LXD_DIR. */
    @Override
    public void close() {
        daemon.signalAndWait("TERM", Duration.ofSeconds(10));
        remove(dir);
    }

    private static void remove(Path dir) {
        Exec.run("rm", "-rf", "--one-file-system", dir.toString());
    }
}
