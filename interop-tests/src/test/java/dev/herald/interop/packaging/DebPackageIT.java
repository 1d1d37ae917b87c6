package dev.herald.interop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The .deb as an operator gets it: packaging/build-deb.sh builds it from this build's jar (jlink
 * runtime included), and it is installed with dpkg into a fresh Debian trixie root filesystem
 * that has no Java: an overlay on the lab's cached tree (the cache itself is never written),
 * entered with chroot. There herald --version, herald validate on the shipped example config,
 * a short herald run as user herald with only CAP_NET_BIND_SERVICE listening on port 179,
 * answered by herald status and ended by herald shutdown, systemd-analyze verify and security on
 * the installed unit (verify also on the template herald@.service), and a purge are checked.
 * lintian checks the .deb itself (no error, no warning left after packaging/lintian-overrides).
 * SystemdServiceIT runs the units under systemd.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private TrixieOverlay overlay;
    private Path work;
    private Path root;
    private Process daemon;

    @BeforeEach
    void overlay() throws Exception {
        Lab.requireLab();
        Lab.requireTrixie();
        Lab.require(Lab.onPath("dpkg-deb"), "dpkg-deb is missing (package dpkg)");
        overlay = new TrixieOverlay();
        overlay.mountProc();
        work = overlay.work;
        root = overlay.root;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly(); // by its pid: the chroot execs into herald's java
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
        if (overlay != null) {
            overlay.close();
        }
    }

    private Exec.Result chroot(String... command) {
        return overlay.chroot(command);
    }

    @Test
    @Order(2) // last: lintian runs in the background while the install test does its work
    void lintianFindsNoErrorOrWarning() throws Exception {
        Lab.require(Lab.onPath("lintian"), "lintian is missing (apt-get install lintian; .ci/run installs it)");
        long t0 = System.nanoTime();
        Lintian lintian = HeraldDeb.lintian();
        assertTrue(lintian != null, "lintian was not started");
        Lintian.Result result = lintian.await();
        System.out.println("lintian -I --pedantic on the .deb (exit " + result.exitCode() + "; waited "
                + (System.nanoTime() - t0) / 1_000_000 + " ms):\n" + result.output());
        assertEquals(List.of(), result.failing(), "lintian errors or warnings: fix them, or override with the"
                + " reason in packaging/lintian-overrides");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    @Order(1)
    void installsIntoFreshTrixieAndRuns() throws Exception {
        long t0 = System.nanoTime();
        Path deb = HeraldDeb.get();
        assertFalse(Files.exists(root.resolve("usr/lib/jvm")), "the test root must have no Java of its own");

        Exec.Result installed = overlay.install(deb);
        assertEquals(0, installed.exitCode(), installed.toString());
        assertTrue(chroot("id", "-u", "herald").ok(), "postinst created the user herald");
        assertEquals("root:herald 640", chroot("stat", "-c", "%U:%G %a", "/etc/herald/herald.yaml").stdout().strip());
        assertEquals("/etc/herald/herald.yaml", chroot("dpkg-query", "--control-show", "herald", "conffiles").stdout().strip()
                .split(" ")[0]);
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man1/herald.1.gz")), "man page");
        assertTrue(Files.isRegularFile(root.resolve("usr/share/bash-completion/completions/herald")), "completion");
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man5/herald.yaml.5.gz")), "herald.yaml(5)");
        assertTrue(Files.isRegularFile(root.resolve("usr/lib/sysusers.d/herald.conf")), "sysusers.d entry");
        // Scanners read the bundled versions from the SBOM beside the jar and from the jar's Maven metadata.
        String sbom = Files.readString(root.resolve("usr/share/herald/herald.cdx.json"));
        assertTrue(sbom.contains("\"bomFormat\" : \"CycloneDX\"") && sbom.contains("pkg:maven/io.netty/netty-common@")
                && sbom.contains("pkg:maven/tools.jackson.core/jackson-databind@"), "CycloneDX SBOM of the dependencies");
        Exec.Result metadata = Exec.run("unzip", "-l", root.resolve("usr/share/herald/herald.jar").toString());
        assertTrue(metadata.stdout().contains("META-INF/maven/io.netty/netty-common/pom.properties")
                && metadata.stdout().contains("META-INF/maven/tools.jackson.core/jackson-databind/pom.properties"), metadata.stdout());
        assertEquals("java", chroot("ls", "/usr/lib/herald/runtime/bin").stdout().strip(), "only the launcher: no keytool, jfr, jwebserver");

        Exec.Result version = chroot("herald", "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().startsWith("herald 0."), version.stdout());
        assertTrue(version.stdout().contains("Java 25"), version.stdout());
        // The launcher passes /usr/share/herald/jvm.options (ADR 0011), then HERALD_JAVA_OPTS.
        Exec.Result flags = chroot("env", "HERALD_JAVA_OPTS=-XX:+PrintFlagsFinal", "herald", "--version");
        assertEquals(0, flags.exitCode(), flags.toString());
        assertTrue(flags.stdout().matches("(?s).*\\bUseG1GC\\s+= true.*"), "the shipped collector");
        assertTrue(flags.stdout().matches("(?s).*\\bGCTimeRatio\\s+= 1\\b.*"), "the shipped GCTimeRatio");
        assertTrue(flags.stdout().matches("(?s).*\\bExitOnOutOfMemoryError\\s+= true.*"), "the shipped ExitOnOutOfMemoryError");

        Exec.Result valid = chroot("herald", "validate", "--config", "/etc/herald/herald.yaml");
        assertEquals(0, valid.exitCode(), valid.toString());
        assertEquals("/etc/herald/herald.yaml: ok", valid.stdout().strip() + valid.stderr().strip());
        Files.writeString(root.resolve("tmp/bad.yaml"), "router:\n  asn: 65010\n  router-id: 192.0.2.300\n");
        Exec.Result invalid = chroot("herald", "validate", "--config", "/tmp/bad.yaml");
        assertEquals(1, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.stderr().contains("/tmp/bad.yaml:3:"), invalid.toString());

        runsAndAnswers();

        for (String unit : List.of("herald.service", "herald@.service")) { // the template as instance "i"
            Exec.Result verify = chroot("systemd-analyze", "verify", "--man=no", "/usr/lib/systemd/system/" + unit);
            assertEquals(0, verify.exitCode(), verify.toString());
            assertEquals("", verify.stderr().strip(), unit + ": systemd-analyze verify warnings");
        }
        Exec.Result security = chroot("systemd-analyze", "security", "--offline=yes", "--no-pager",
                "/usr/lib/systemd/system/herald.service");
        String out = security.stdout() + security.stderr();
        System.out.println("trixie's systemd-analyze security --offline=yes herald.service:\n" + out);
        var m = SystemdUnitIT.overall(out);
        assertTrue(Double.parseDouble(m.group(1)) <= 2.0, out);
        assertEquals("OK", m.group(2), out);

        Exec.Result purged = chroot("dpkg", "--purge", "herald");
        assertEquals(0, purged.exitCode(), purged.toString());
        for (String p : List.of("usr/bin/herald", "usr/lib/herald", "usr/share/herald", "etc/herald", "usr/lib/systemd/system/herald.service",
                "usr/lib/systemd/system/herald@.service")) {
            assertFalse(Files.exists(root.resolve(p)), p + " left after purge");
        }
        System.out.println("DebPackageIT: " + (System.nanoTime() - t0) / 1_000_000 + " ms in all");
    }

    /**
     * The daemon on the packaged runtime (Netty's native transport, the kernel source's netlink
     * socket over FFM, the admin API over a unix socket) as the unit runs it: user herald, no capability but CAP_NET_BIND_SERVICE
     * (ambient, bounding set), listening on port 179, in a network namespace of its own (unshare:
     * it ends with the process). The same start without the capability must fail to bind: the
     * capability is what makes the listen work.
     */
    private void runsAndAnswers() throws Exception {
        Files.createDirectories(root.resolve("tmp/h"));
        Exec.check("chroot", root.toString(), "chown", "herald:herald", "/tmp/h");
        Files.writeString(root.resolve("tmp/h/herald.yaml"), HeraldDeb.config("").admin(Path.of("/tmp/h/herald.sock")).build());
        Path log = work.resolve("herald-run.log");
        daemon = asHerald("+net_bind_service", log);
        Exec.Result status = null;
        for (int i = 0; i < 80; i++) {
            Thread.sleep(250);
            if (Files.exists(root.resolve("tmp/h/herald.sock"))) {
                status = chroot("herald", "status", "--socket", "/tmp/h/herald.sock");
                if (status.ok()) {
                    break;
                }
            }
            assertTrue(daemon.isAlive(), () -> "herald exited: " + read(log));
        }
        Exec.Result answered = status;
        assertTrue(answered != null && answered.ok(), () -> answered + "\n" + read(log));
        assertTrue(answered.stdout().contains("peers:   0 of 1 Established"), answered.stdout());
        // the static prefix and the namespace's blackhole route, read over netlink (FFM) as user herald
        assertTrue(answered.stdout().contains("rib:     2 prefix"), answered.stdout());
        assertTrue(read(log).contains("listening on /127.0.0.1:179"), () -> read(log));
        String procStatus = Files.readString(Path.of("/proc/" + daemon.pid() + "/status"));
        String uid = chroot("id", "-u", "herald").stdout().strip();
        assertTrue(procStatus.contains("\nUid:\t" + uid + "\t"), procStatus);
        assertTrue(procStatus.contains("\nCapEff:\t0000000000000400\n"), "only CAP_NET_BIND_SERVICE:\n" + procStatus);
        assertTrue(procStatus.contains("\nCapBnd:\t0000000000000400\n"), procStatus);

        Exec.Result shutdown = chroot("herald", "shutdown", "--socket", "/tmp/h/herald.sock", "-m", "test over");
        assertEquals(0, shutdown.exitCode(), shutdown.toString());
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), () -> read(log));
        assertEquals(0, daemon.exitValue(), () -> read(log));

        Path denied = work.resolve("herald-denied.log");
        daemon = asHerald("", denied);
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), () -> read(denied));
        assertEquals(71, daemon.exitValue(), () -> read(denied));
        assertTrue(read(denied).contains("cannot listen on 127.0.0.1 port 179: ") && read(denied).contains(
                "Permission denied (a port below 1024 needs CAP_NET_BIND_SERVICE"), () -> read(denied));
        assertFalse(read(denied).contains("\tat "), () -> "a stack trace for a host problem: " + read(denied));
    }

    /** herald run as user herald with only {@code caps} ("+net_bind_service" or none), in a new network namespace. */
    private Process asHerald(String caps, Path log) throws Exception {
        String set = "-all" + (caps.isEmpty() ? "" : "," + caps);
        String script = "ip link set lo up && ip route add blackhole 198.51.100.0/24 proto static && exec setpriv --reuid herald --regid herald --init-groups"
                + " --inh-caps " + set + " --ambient-caps " + set + " --bounding-set " + set
                + " herald run --config /tmp/h/herald.yaml";
        // unshare, chroot, env, setpriv and /usr/bin/herald all exec: the process is herald's java.
        return new ProcessBuilder("unshare", "--net", "chroot", root.toString(), "env", "-i", "PATH=/usr/bin:/bin",
                "HERALD_STATE_DIR=/tmp/h", "sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
