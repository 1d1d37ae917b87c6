package dev.herald.interop.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The lab's environment: who we run as, where the trixie and sid root filesystems and the logs are,
 * and the naming of everything a test run creates ({@code hl-<pid>-<n>}).
 *
 * <p>Lab tests need root (network namespaces, veth pairs, routers binding port 179). Without
 * it they are skipped with a loud banner, except under CI ({@code CI=true}), where a skip
 * would hide a broken machine: there they fail.
 */
public final class Lab {
    /** Thread.sleep for lab polling loops: an interrupt ends the test (as a failure), keeping the flag set. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every namespace of this JVM starts with this: {@code hl-<pid>-}. */
    public static final String RUN_PREFIX = "hl-" + ProcessHandle.current().pid() + "-";

    private static final AtomicInteger NEXT_INDEX = new AtomicInteger(1);
    private static final Pattern LAB_NS = Pattern.compile("^hl-(\\d+)-\\d+-[a-z]+$");
    private static volatile boolean staleChecked;

    private Lab() {
    }

    /** True when running under CI: missing lab prerequisites fail instead of skipping. */
    public static boolean ci() {
        String ci = System.getenv("CI");
        return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
    }

    /** The next link index of this run (1..250, cycling): link N uses 198.18.N.0/24 and fd00:18:N::/64. */
    public static int nextIndex() {
        return NEXT_INDEX.getAndIncrement();
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f[1].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary)) || Files.isExecutable(Path.of("/sbin", binary));
    }

    /** The Debian trixie root filesystem holding the newer routers (built by interop-tests/lab/trixie-rootfs.sh). */
    public static Path trixieRoot() {
        return treeRoot("trixie");
    }

    public static boolean trixieReady() {
        return treeReady(trixieRoot());
    }

    /** The Debian sid root filesystem holding the newest routers (built by interop-tests/lab/debian-rootfs.sh sid). */
    public static Path sidRoot() {
        return treeRoot("sid");
    }

    public static boolean sidReady() {
        return treeReady(sidRoot());
    }

    /** -Dherald.lab.SUITE, else $HERALD_LAB_SUITE, else /var/cache/herald-lab/SUITE: where debian-rootfs.sh builds it. */
    private static Path treeRoot(String suite) {
        return Path.of(System.getProperty("herald.lab." + suite,
                System.getenv().getOrDefault("HERALD_LAB_" + suite.toUpperCase(java.util.Locale.ROOT), "/var/cache/herald-lab/" + suite)));
    }

    /** The script writes its stamp last: a tree without it is a build cut short. */
    private static boolean treeReady(Path root) {
        return Files.isRegularFile(root.resolve(".herald-lab-stamp"));
    }

    /** Where router, herald and lab logs are kept for debugging (interop-tests/target/lab-logs). */
    public static Path logRoot() {
        Path p = Path.of(System.getProperty("herald.lab.logs", "target/lab-logs"));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new LabException("cannot create " + p, e);
        }
        return p.toAbsolutePath();
    }

    /**
     * Requires root, iproute2 and network namespaces. Skips loudly when missing, or fails when
     * {@code CI=true}.
     */
    public static void requireLab() {
        require(isRoot(), "the interop lab needs root (network namespaces, veth pairs, port 179); run as root: sudo ./mvnw -B verify");
        require(onPath("ip"), "the interop lab needs iproute2 ('ip'); install it: apt-get install iproute2");
        warnAboutStaleNamespaces();
    }

    /** Requires the trixie root filesystem (FRR 10.3, GoBGP 3.36, BIRD 2.17). */
    public static void requireTrixie() {
        require(trixieReady(), "the Debian trixie root filesystem is missing at " + trixieRoot()
                + "; build it once: sudo interop-tests/lab/trixie-rootfs.sh (.ci/run does this)");
    }

    /** Requires the sid root filesystem (FRR 10.7, GoBGP 4.8, BIRD 2.20 and 3.4 when it was written). */
    public static void requireSid() {
        require(sidReady(), "the Debian sid root filesystem is missing at " + sidRoot()
                + "; build it once: sudo interop-tests/lab/debian-rootfs.sh sid (.ci/run does this)");
    }

    /**
     * Skips the test with a banner on stderr when {@code condition} is false, or fails it
     * when running under CI.
     */
    public static void require(boolean condition, String message) {
        require(condition, message, ci(), System.err);
    }

    static void require(boolean condition, String message, boolean ci, java.io.PrintStream bannerOut) {
        if (condition) {
            return;
        }
        String banner = "\n" + "!".repeat(100) + "\n!!! INTEROP LAB " + (ci ? "FAILS (CI=true)" : "SKIPPED") + ": "
                + message + "\n" + "!".repeat(100) + "\n";
        bannerOut.println(banner);
        if (ci) {
            Assertions.fail("interop lab prerequisite missing under CI=true: " + message);
        }
        Assumptions.abort("interop lab prerequisite missing: " + message);
    }

    /** Prints (never deletes) lab namespaces left behind by runs whose JVM is gone. */
    private static void warnAboutStaleNamespaces() {
        if (staleChecked) {
            return;
        }
        staleChecked = true;
        Exec.Result r = Exec.run("ip", "netns", "list");
        if (!r.ok()) {
            return;
        }
        List<String> stale = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            Matcher m = LAB_NS.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                stale.add(name);
            }
        }
        if (!stale.isEmpty()) {
            System.err.println("[lab] WARNING: namespaces left by earlier lab runs (their JVM is gone): " + stale
                    + "; remove them with: ip netns del NAME (after stopping processes listed by: ip netns pids NAME)");
        }
    }
}
