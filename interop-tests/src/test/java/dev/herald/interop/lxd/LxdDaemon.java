package dev.herald.interop.lxd;

import dev.herald.interop.lab.Daemon;
import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private LXD daemon (Debian's lxd 5.0.2), or Incus (see {@link DaemonKind}), for one test
 * class: its own LXD_DIR (INCUS_DIR) under /tmp (socket, database, containers), started with
 * {@code lxd --group root --logfile}, stopped by pid. A dir storage pool, a root disk in the default profile and a busybox image are set up by
 * hand ({@code lxd init --auto} cannot pick a subnet here). {@link #close} deletes every
 * instance, network and project it made, stops the daemon, unmounts its tmpfs mounts and removes
 * the directory.
 */
final class LxdDaemon implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger(1);
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    final DaemonKind kind;
    final Path dir;
    final Path logDir;
    private Daemon daemon;
    /** Host sysctls LXD changes when it creates bridges (forwarding, accept_ra), restored on close. */
    private final java.util.Map<Path, String> sysctls = new java.util.LinkedHashMap<>();
    private final List<String> networks = new ArrayList<>();
    private final List<String> everNetworks = new ArrayList<>();
    private final List<String> projects = new ArrayList<>();

    private LxdDaemon(DaemonKind kind, Path dir, Path logDir) {
        this.kind = kind;
        this.dir = dir;
        this.logDir = logDir;
    }

    /** Skips (or fails under CI) when the LXD lab's packages are missing. */
    static void require() {
        DaemonKind.LXD.require();
    }

    static LxdDaemon start(Path logDir) {
        return start(DaemonKind.LXD, logDir);
    }

    static LxdDaemon start(DaemonKind kind, Path logDir) {
        Path dir = kind.hostDir(Lab.RUN_PREFIX + kind.dirLabel + NEXT.getAndIncrement());
        LxdDaemon d = new LxdDaemon(kind, dir, logDir);
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            d.saveSysctls();
            d.startDaemon();
            d.lxc("storage", "create", "default", "dir");
            d.lxc("profile", "device", "add", "default", "root", "disk", "path=/", "pool=default");
            d.lxc("image", "import", busyboxImage(logDir.getParent()).toString(), "--alias", "busybox");
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    Path socket() {
        return dir.resolve("unix.socket");
    }

    long pid() {
        return daemon.pid();
    }

    void startDaemon() {
        daemon = Daemon.start(kind.dirLabel, kind.daemon(dir.getFileName().toString(), dir, logDir.resolve("lxd.log")),
                logDir.resolve(kind.dirLabel + ".out"));
        Exec.Result r = Exec.run(kind.waitReady(dir), Duration.ofSeconds(70));
        if (!r.ok()) {
            throw new LabException(kind + " did not get ready: " + r.stderr() + "\n--- its log ---\n" + daemon.tail(40));
        }
        System.err.println("[lab] " + kind + " pid " + daemon.pid() + " dir " + dir);
    }

    /** SIGTERM: LXD (Incus too) exits and leaves its instances running. */
    void stopDaemon() {
        daemon.stop(Duration.ofSeconds(30));
    }

    /** {@code lxc ARGS}, checked. */
    String lxc(String... args) {
        return Exec.run(kind.client(dir, List.of(args)), TIMEOUT).check().stdout();
    }

    /** The client ({@code lxc}, {@code incus}), unchecked. */
    Exec.Result lxcUnchecked(String... args) {
        return Exec.run(kind.client(dir, List.of(args)), TIMEOUT);
    }

    /** {@code lxc network create NAME KEY=VALUE...}, deleted on close. */
    void network(String name, String... config) {
        List<String> a = new ArrayList<>(List.of("network", "create", name));
        a.addAll(List.of(config));
        lxc(a.toArray(String[]::new));
        networks.add(0, name);
        everNetworks.add(name);
    }

    /** A network the test made with the client directly: deleted on close like those of {@link #network}. */
    void track(String name) {
        if (!networks.contains(name)) {
            networks.add(0, name);
        }
        if (!everNetworks.contains(name)) {
            everNetworks.add(name);
        }
    }

    /** A tracked network the client deleted. */
    void untrack(String name) {
        networks.remove(name);
    }

    /**
     * Deletes a network. LXD 5.0.2 with iptables-nft sometimes fails to delete its own firewall chain
     * after a daemon restart ("CHAIN_DEL failed") while the network itself is gone: that counts as
     * deleted (the leftover rules are removed in {@link #close}).
     */
    void deleteNetwork(String name) {
        Exec.Result r = lxcUnchecked("network", "delete", name);
        if (!r.ok() && r.stderr().contains("Failed deleting firewall")) {
            // LXD 5.0.2 added its firewall rules a second time when it restarted (iptables-nft): drop the
            // duplicates so that its own delete finds the state it expects, then delete again
            System.err.println("[lab] lxd could not delete its firewall for " + name + " (duplicate rules after a restart); "
                    + "removing the duplicates and deleting again");
            dedupeFirewall(name);
            r = lxcUnchecked("network", "delete", name);
        }
        if (!r.ok() && lxc("network", "list", "--format", "csv").lines().anyMatch(l -> l.startsWith(name + ","))) {
            throw new LabException("lxc network delete " + name + " failed: " + r.stderr());
        }
        networks.remove(name);
    }

    /** Saves the forwarding switches and every interface's IPv6 forwarding and accept_ra. */
    private void saveSysctls() throws IOException {
        Path v4 = Path.of("/proc/sys/net/ipv4/ip_forward");
        Path conf6 = Path.of("/proc/sys/net/ipv6/conf");
        List<Path> keys = new ArrayList<>(List.of(v4, conf6.resolve("all/forwarding"), conf6.resolve("default/forwarding")));
        if (Files.isDirectory(conf6)) {
            try (Stream<Path> ifs = Files.list(conf6)) {
                for (Path i : ifs.sorted().toList()) {
                    String n = i.getFileName().toString();
                    if (!n.equals("all") && !n.equals("default")) {
                        keys.add(i.resolve("forwarding"));
                        keys.add(i.resolve("accept_ra"));
                    }
                }
            }
        }
        for (Path k : keys) {
            if (Files.isReadable(k)) {
                sysctls.put(k, Files.readString(k).strip());
            }
        }
    }

    /** Writes back what {@link #saveSysctls} saw, where it changed (all.forwarding first: it resets the others). */
    private void restoreSysctls() {
        sysctls.forEach((k, v) -> {
            try {
                if (Files.exists(k) && !Files.readString(k).strip().equals(v)) {
                    Files.writeString(k, v + "\n");
                    System.err.println("[lab] lxd: restored " + k + " = " + v);
                }
            } catch (IOException e) {
                System.err.println("[lab] lxd: cannot restore " + k + ": " + e.getMessage());
            }
        });
    }

    /** Deletes all but one copy of each firewall rule LXD made for {@code network}. */
    static void dedupeFirewall(String network) {
        for (String cmd : List.of("iptables", "ip6tables")) {
            for (String table : List.of("filter", "nat", "mangle", "raw")) {
                Exec.Result r = Exec.run(cmd, "-t", table, "-S");
                if (!r.ok()) {
                    continue;
                }
                java.util.Map<String, Integer> count = new java.util.LinkedHashMap<>();
                for (String line : r.stdout().split("\\n")) {
                    if (line.startsWith("-A ") && line.contains("\"generated for LXD network " + network + "\"")) {
                        count.merge(line, 1, Integer::sum);
                    }
                }
                count.forEach((line, n) -> {
                    for (int i = 1; i < n; i++) {
                        Exec.run("sh", "-c", cmd + " -t " + table + " -D " + line.substring(3));
                    }
                });
            }
        }
    }

    void project(String name, String... config) {
        List<String> a = new ArrayList<>(List.of("project", "create", name));
        for (String c : config) {
            a.add("-c");
            a.add(c);
        }
        lxc(a.toArray(String[]::new));
        projects.add(0, name);
        lxc("profile", "device", "add", "default", "root", "disk", "path=/", "pool=default", "--project", name);
    }

    /** A busybox image (a rootfs with /bin/busybox, an inittab that sleeps, metadata.yaml), built once per run. */
    static synchronized Path busyboxImage(Path base) throws IOException {
        Path out = base.resolve("busybox-image.tar.gz");
        if (Files.exists(out)) {
            return out;
        }
        Path tmp = Files.createTempDirectory(base, "busybox-image");
        Path root = tmp.resolve("rootfs");
        for (String d : List.of("bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "run", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String a : List.of("sh", "sleep", "ip", "ls", "cat", "mount", "ps")) {
            Files.createSymbolicLink(root.resolve("bin/" + a), Path.of("busybox"));
        }
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("../bin/busybox"));
        Files.writeString(root.resolve("etc/inittab"), "::sysinit:/bin/mount -t proc proc /proc\n::respawn:/bin/sleep 100000\n");
        Files.writeString(tmp.resolve("metadata.yaml"), "architecture: x86_64\ncreation_date: " + (System.currentTimeMillis() / 1000)
                + "\nproperties:\n  description: herald lab busybox\n");
        Exec.run(List.of("tar", "-C", tmp.toString(), "-czf", out.toString(), "metadata.yaml", "rootfs"), Duration.ofSeconds(60)).check();
        return out;
    }

    @Override
    public void close() {
        try {
            if (daemon != null && daemon.isAlive()) {
                for (String project : allProjects()) {
                    for (String inst : lxcUnchecked("list", "--project", project, "--format", "csv", "-c", "n").stdout().split("\n")) {
                        if (!inst.isBlank()) {
                            lxcUnchecked("delete", "--force", inst.strip(), "--project", project);
                        }
                    }
                }
                lxcUnchecked("config", "unset", "core.bgp_address");
                for (String n : networks) {
                    lxcUnchecked("network", "delete", n);
                }
                for (String p : projects) {
                    lxcUnchecked("profile", "device", "remove", "default", "root", "--project", p);
                    lxcUnchecked("project", "delete", p);
                }
            }
        } finally {
            if (daemon != null) {
                daemon.stop(Duration.ofSeconds(30));
            }
            for (String n : everNetworks) {
                leftovers(n);
            }
            restoreSysctls();
            unmountAndRemove();
        }
    }

    /**
     * What LXD 5.0.2 leaves behind when deleting a network fails half way (its firewall bug): the
     * network's dnsmasq (found by its {@code --interface=NAME} argument, stopped by pid), the bridge
     * link and the firewall rules.
     */
    static void leftovers(String network) {
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
                if (cmdline.startsWith("dnsmasq ") && cmdline.contains(" --interface=" + network + " ")) {
                    System.err.println("[lab] lxd left dnsmasq pid " + p.pid() + " for " + network + "; stopping it");
                    p.destroy();
                }
            } catch (IOException | RuntimeException e) {
                // gone or not readable
            }
        });
        if (Exec.run("ip", "link", "show", network).ok()) {
            Exec.run("ip", "link", "del", network);
        }
        removeFirewall(network);
    }

    /** Removes the iptables/ip6tables rules LXD left behind for {@code network} (comment "generated for LXD network NAME"). */
    static void removeFirewall(String network) {
        for (String cmd : List.of("iptables", "ip6tables")) {
            if (!Lab.onPath(cmd)) {
                continue;
            }
            for (String table : List.of("filter", "nat", "mangle", "raw")) {
                Exec.Result r = Exec.run(cmd, "-t", table, "-S");
                if (!r.ok()) {
                    continue;
                }
                for (String line : r.stdout().split("\n")) {
                    if (line.startsWith("-A ") && line.contains("\"generated for LXD network " + network + "\"")) {
                        Exec.run("sh", "-c", cmd + " -t " + table + " -D " + line.substring(3));
                    }
                }
                if (r.stdout().lines().anyMatch(l -> l.equals("-N lxd_nic_" + network))) {
                    Exec.run(cmd, "-t", table, "-X", "lxd_nic_" + network);
                }
            }
        }
    }

    private List<String> allProjects() {
        List<String> out = new ArrayList<>();
        for (String l : lxcUnchecked("project", "list", "--format", "csv").stdout().split("\n")) {
            String n = l.split(",")[0].strip().replace(" (current)", "");
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            out.add("default");
        }
        return out;
    }

    private void unmountAndRemove() {
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && (f[1] + "/").startsWith(dir + "/")) {
                    mounts.add(f[1]);
                }
            }
            mounts.sort(Comparator.comparingInt(String::length).reversed());
            for (String m : mounts) {
                Exec.run("umount", "-l", m);
            }
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (Files.exists(dir)) {
                Exec.run("rm", "-rf", "--one-file-system", dir.toString());
            }
        } catch (IOException e) {
            throw new LabException("cannot clean up " + dir, e);
        }
    }
}
