package dev.herald.interop.lxd;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which daemon speaks the /1.0 API: Debian's LXD 5.0.2 on the host, or Incus from the sid root
 * filesystem. Incus runs chrooted into that tree (its libraries: liblxc 7, cowsql) in a mount
 * namespace of its own, so that the tree's /proc, /sys, /dev and /run mounts are nobody else's
 * business and vanish with it; it shares the host's network namespace like LXD. Its client is
 * the tree's {@code incus} (linked against libc only), run on the host against the socket.
 */
enum DaemonKind {
    LXD("LXD 5.0.2 (host)", "LXD_DIR", "lxd", true),
    /**
     * Incus's containers cannot start on this lab host: its kernel runs the hybrid cgroup layout
     * (v1 controllers, cgroup2 only at /sys/fs/cgroup/unified), which liblxc 7.0 refuses
     * ("Unsupported cgroup layout (hybrid)", then "Failed to enter monitor cgroup: No space left
     * on device"); LXD 5.0.2's liblxc 5.0 still supports it. Instances are created and their NICs
     * changed, never started.
     */
    INCUS("Incus 7.0 (sid)", "INCUS_DIR", "incus", false);

    private final String label;
    private final String dirVariable;
    final String dirLabel;
    /** Whether its containers start on this host. */
    final boolean startsContainers;

    DaemonKind(String label, String dirVariable, String dirLabel, boolean startsContainers) {
        this.label = label;
        this.dirVariable = dirVariable;
        this.dirLabel = dirLabel;
        this.startsContainers = startsContainers;
    }

    /** Skips (or fails under CI) when this daemon's packages are missing. */
    void require() {
        Lab.requireLab();
        Lab.require(Files.isExecutable(Path.of("/bin/busybox"))
                        && (Exec.run("ldd", "/bin/busybox").stdout() + Exec.run("ldd", "/bin/busybox").stderr()).contains("not a dynamic"),
                "the LXD and Incus tests need a static /bin/busybox for the container image; install it: apt-get install busybox-static");
        if (this == LXD) {
            for (String[] b : new String[][] {{"lxd", "lxd"}, {"lxc", "lxd-client"}, {"dnsmasq", "dnsmasq-base"},
                    {"iptables", "iptables"}}) {
                Lab.require(Lab.onPath(b[0]), "the LXD tests need '" + b[0] + "'; install it: apt-get install " + b[1]);
            }
            return;
        }
        Lab.requireSid();
        Lab.require(Lab.onPath("unshare"), "the Incus tests need unshare; install it: apt-get install util-linux");
        for (String f : List.of("usr/libexec/incus/incusd", "usr/bin/incus", "usr/sbin/dnsmasq", "usr/sbin/nft")) {
            Lab.require(Files.isExecutable(Lab.sidRoot().resolve(f)), "the Incus tests need /" + f + " in " + Lab.sidRoot()
                    + " (rebuild: rm " + Lab.sidRoot() + "/.herald-lab-stamp; interop-tests/lab/debian-rootfs.sh sid)");
        }
    }

    /** Where the daemon's directory is on the host ({@code name} under /tmp as the daemon sees it). */
    Path hostDir(String name) {
        return this == LXD ? Path.of("/tmp", name) : Lab.sidRoot().resolve("tmp").resolve(name);
    }

    /** The same directory as the daemon sees it. */
    String daemonDir(String name) {
        return "/tmp/" + name;
    }

    /** The daemon's command line: LXD logs to {@code logFile}, Incus (which cannot see it from the tree) to its stdout. */
    List<String> daemon(String name, Path hostDir, Path logFile) {
        if (this == LXD) {
            return List.of("env", dirVariable + "=" + hostDir, "lxd", "--group", "root", "--logfile", logFile.toString());
        }
        String root = Lab.sidRoot().toString();
        // private mounts: the tree's own /proc, the host's /sys (cgroup2) and /dev, an empty /run
        String mounts = "set -e; mount --make-rprivate /; mount -t proc proc " + root + "/proc; mount --rbind /sys " + root
                + "/sys; mount --rbind /dev " + root + "/dev; mount -t tmpfs tmpfs " + root + "/run; exec chroot " + root
                + " env PATH=/usr/sbin:/usr/bin:/sbin:/bin " + dirVariable + "=" + daemonDir(name)
                + " /usr/libexec/incus/incusd --group root --verbose";
        return List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", mounts);
    }

    /** The client with {@code args} (Incus's keeps its own config in the daemon's directory, not in root's home). */
    List<String> client(Path hostDir, List<String> args) {
        List<String> c = new ArrayList<>(List.of("env", dirVariable + "=" + hostDir));
        if (this == LXD) {
            c.add("lxc");
        } else {
            c.add("INCUS_CONF=" + hostDir.resolve("client"));
            c.add(Lab.sidRoot().resolve("usr/bin/incus").toString());
        }
        c.addAll(args);
        return c;
    }

    /** Waits until the daemon answers. */
    List<String> waitReady(Path hostDir) {
        return this == LXD ? List.of("env", dirVariable + "=" + hostDir, "lxd", "waitready", "--timeout", "60")
                : client(hostDir, List.of("admin", "waitready", "--timeout", "60"));
    }

    @Override
    public String toString() {
        return label;
    }
}
