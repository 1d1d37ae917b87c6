package dev.herald.interop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Lab;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * herald.service under a real systemd: the .deb installed into a trixie overlay, booted as a
 * container with systemd-nspawn (its own network namespace; systemd 257 as its PID 1; the
 * container gets a cgroup v2 hierarchy even on this hybrid host), then driven with systemctl
 * through nsenter: start (returns once herald sent READY=1), STATUS=, the watchdog, the sandbox
 * as applied (user, capabilities, seccomp), a TCP-MD5 key through LoadCredential=, journal lines
 * with priorities, reload accepted and refused, stop. And herald@.service: two instances side by
 * side, each in a network namespace of its own (NetworkNamespacePath=).
 */
class SystemdServiceIT {
    private TrixieOverlay overlay;
    private Process container;
    private Path console;
    private long leader;

    @BeforeEach
    void boot() throws Exception {
        Lab.requireLab();
        Lab.requireTrixie();
        Lab.require(Lab.onPath("systemd-nspawn"), "systemd-nspawn is missing: apt-get install systemd-container");
        Lab.require(Lab.onPath("nsenter"), "nsenter is missing (util-linux)");
        Path deb = HeraldDeb.get();
        overlay = new TrixieOverlay();
        Exec.Result installed = overlay.install(deb);
        assertEquals(0, installed.exitCode(), installed.toString());
        Path root = overlay.root;
        // Boot only the basic system: the tree's routers and OVN would cost seconds and add nothing.
        Files.writeString(root.resolve("etc/systemd/system/herald-test.target"), """
                [Unit]
                Description=herald test: the basic system only
                Requires=basic.target
                After=basic.target
                """);
        Files.writeString(root.resolve("etc/herald/herald.yaml"),
                HeraldDeb.config("password-file: /run/credentials/herald.service/tor1.key").build());
        Files.createDirectories(root.resolve("etc/herald/keys"));
        Files.writeString(root.resolve("etc/herald/keys/tor1.key"), "s3cret");
        overlay.chroot("chmod", "0600", "/etc/herald/keys/tor1.key").check();
        Files.createDirectories(root.resolve("etc/systemd/system/herald.service.d"));
        Files.writeString(root.resolve("etc/systemd/system/herald.service.d/credentials.conf"),
                "[Service]\nLoadCredential=tor1.key:/etc/herald/keys/tor1.key\n");

        console = overlay.work.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder("systemd-nspawn", "--quiet", "--directory=" + root, "--boot",
                "--register=no", "--keep-unit", "--private-network", "--machine=herald-it-" + ProcessHandle.current().pid(),
                "--", "systemd.unit=herald-test.target")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(console.toFile());
        // The host mounts cgroups in hybrid mode, which trixie's systemd no longer boots on.
        pb.environment().put("SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1");
        container = pb.start();
        String state = "";
        for (int i = 0; i < 120 && !state.equals("running") && !state.equals("degraded"); i++) {
            Thread.sleep(250);
            assertTrue(container.isAlive(), () -> "the container stopped:\n" + read(console));
            leader = container.toHandle().children().filter(c -> c.info().command().orElse("").endsWith("/systemd"))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(0);
            if (leader != 0) {
                state = in("systemctl", "is-system-running").stdout().strip();
            }
        }
        String finalState = state;
        assertTrue(state.equals("running") || state.equals("degraded"), () -> finalState + "\n" + read(console));
    }

    @AfterEach
    void powerOff() throws Exception {
        if (container != null && container.isAlive()) {
            container.destroy(); // SIGTERM: nspawn asks the container's systemd to halt
            if (!container.waitFor(30, TimeUnit.SECONDS)) {
                container.destroyForcibly();
                container.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (overlay != null) {
            overlay.close();
        }
    }

    /** A command inside the container: every namespace of its PID 1. */
    private Exec.Result in(String... command) {
        List<String> c = new ArrayList<>(List.of("nsenter", "-t", Long.toString(leader), "-a"));
        c.addAll(List.of(command));
        return Exec.run(c, Duration.ofSeconds(60));
    }

    private Map<String, String> show(String... properties) {
        return showUnit("herald", properties);
    }

    private Map<String, String> showUnit(String unit, String... properties) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : in("systemctl", "show", unit, "-p", String.join(",", properties)).stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private String journal(String... options) {
        return journalOf("herald", options);
    }

    private String journalOf(String unit, String... options) {
        List<String> c = new ArrayList<>(List.of("journalctl", "-u", unit, "--no-pager", "-o", "cat"));
        c.addAll(List.of(options));
        return in(c.toArray(String[]::new)).stdout();
    }

    @Test
    void startsReadyWatchedSandboxedReloadsAndStops() throws Exception {
        long t0 = System.nanoTime();
        in("ip", "route", "add", "blackhole", "198.51.100.0/24", "proto", "static").check();

        Exec.Result started = in("systemctl", "start", "herald"); // Type=notify: returns after READY=1
        assertEquals(0, started.exitCode(), () -> started + journal());
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, String> s = show("ActiveState", "SubState", "StatusText", "MainPID", "NRestarts");
        assertEquals("active", s.get("ActiveState"), s::toString);
        assertEquals("running", s.get("SubState"), s::toString);
        assertEquals("0/1 peers established, 2 prefixes (sources: static, kernel)", s.get("StatusText"));

        String proc = in("cat", "/proc/" + s.get("MainPID") + "/status").stdout();
        String uid = in("id", "-u", "herald").stdout().strip();
        assertTrue(proc.contains("\nUid:\t" + uid + "\t"), proc);
        assertTrue(proc.contains("\nCapEff:\t0000000000000400\n"), "only CAP_NET_BIND_SERVICE:\n" + proc);
        assertTrue(proc.contains("\nCapBnd:\t0000000000000400\n"), proc);
        assertTrue(proc.contains("\nSeccomp:\t2\n"), "SystemCallFilter applied:\n" + proc);

        String log = journal();
        assertTrue(log.contains("listening on /127.0.0.1:179"), log);
        assertTrue(log.contains("TCP-MD5 (password-file /run/credentials/herald.service/tor1.key)"), log);
        assertTrue(log.contains("systemd watchdog: pinging every 15000 ms"), log);
        // --log-format auto chose journal: no timestamp of herald's own, priorities that -p filters
        assertTrue(log.lines().anyMatch(l -> l.startsWith("INFO  [daemon] listening on")), log);
        String warnings = journal("-p", "warning");
        assertTrue(warnings.lines().noneMatch(l -> l.startsWith("INFO")), warnings);

        Exec.Result status = in("herald", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.stdout().contains("rib:     2 prefix"), status.stdout());
        String watchdog = show("WatchdogTimestampMonotonic").get("WatchdogTimestampMonotonic");
        assertNotNull(watchdog);
        assertNotEquals("0", watchdog, "no watchdog ping recorded");

        assertEquals(0, in("systemctl", "reload", "herald").exitCode(), journal());
        Path config = overlay.root.resolve("etc/herald/herald.yaml");
        String good = Files.readString(config);
        Files.writeString(config, good + "  bogus: 1\n");
        Exec.Result refused = in("systemctl", "reload", "herald");
        assertNotEquals(0, refused.exitCode(), "an invalid config must fail the reload");
        assertTrue(journal().contains("/etc/herald/herald.yaml:19:3: unknown key 'bogus'"), journal());
        s = show("ActiveState", "MainPID", "NRestarts");
        assertEquals("active", s.get("ActiveState"), "herald keeps running the old config");
        assertEquals("0", s.get("NRestarts"));
        Files.writeString(config, good);

        Exec.Result stopped = in("systemctl", "stop", "herald");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        s = show("ActiveState", "Result", "ExecMainStatus");
        assertEquals("inactive", s.get("ActiveState"));
        assertEquals("success", s.get("Result"));
        assertEquals("0", s.get("ExecMainStatus"));
        assertTrue(journal().contains("stopping for a restart"), journal());
        System.out.println("SystemdServiceIT: systemctl start took " + startMillis + " ms; the test "
                + (System.nanoTime() - t0) / 1_000_000 + " ms after boot");
    }

    /**
     * Instances blue and red of herald@.service, each in its own network namespace through a
     * NetworkNamespacePath= drop-in, both listening on 127.0.0.1:179 (possible only in two
     * namespaces), each reading its own namespace's kernel routes, with its own state directory:
     * the restart marker the unnamed herald left in /run/herald does not make them restart.
     */
    @Test
    void twoInstancesSideBySideInTwoNetworkNamespaces() throws Exception {
        long t0 = System.nanoTime();
        // The unnamed herald's marker, as a SIGTERM stop leaves it: no instance may take it for its own.
        in("sh", "-c", "mkdir -p /run/herald && echo 'pid 1 started' > /run/herald/herald.running").check();
        Map<String, List<String>> routes = Map.of("blue", List.of("198.51.100.0/24"),
                "red", List.of("198.51.100.0/24", "192.0.2.128/25"));
        for (var e : routes.entrySet()) {
            String name = e.getKey();
            in("ip", "netns", "add", name).check();
            in("ip", "-n", name, "link", "set", "lo", "up").check();
            for (String prefix : e.getValue()) {
                in("ip", "-n", name, "route", "add", "blackhole", prefix, "proto", "static").check();
            }
            Path root = overlay.root;
            Files.writeString(root.resolve("etc/herald/" + name + ".yaml"), HeraldDeb.config("").build());
            Path dropIn = Files.createDirectories(root.resolve("etc/systemd/system/herald@" + name + ".service.d"));
            Files.writeString(dropIn.resolve("netns.conf"), "[Service]\nNetworkNamespacePath=/run/netns/" + name + "\n");
        }
        in("systemctl", "daemon-reload").check();

        Exec.Result started = in("systemctl", "start", "herald@blue", "herald@red"); // both READY=1
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, started.exitCode(), () -> started + journalOf("herald@blue") + journalOf("herald@red"));
        for (var e : routes.entrySet()) {
            String unit = "herald@" + e.getKey();
            Map<String, String> s = showUnit(unit, "ActiveState", "StatusText", "NetworkNamespacePath");
            assertEquals("active", s.get("ActiveState"), s::toString);
            assertEquals("/run/netns/" + e.getKey(), s.get("NetworkNamespacePath"), s::toString);
            int prefixes = 1 + e.getValue().size(); // the static prefix and this namespace's blackholes
            assertEquals("0/1 peers established, " + prefixes + " prefixes (sources: static, kernel)", s.get("StatusText"));
            String log = journalOf(unit);
            assertTrue(log.contains(" instance " + e.getKey() + " starting with /etc/herald/" + e.getKey() + ".yaml"), log);
            assertTrue(log.contains("listening on /127.0.0.1:179"), log);
            assertFalse(log.contains("restarting"), "a first start of the instance is no restart:\n" + log);

            Exec.Result status = in("herald", "status", "-N", e.getKey());
            assertEquals(0, status.exitCode(), status::toString);
            assertTrue(status.stdout().contains("config:  /etc/herald/" + e.getKey() + ".yaml"), status.stdout());
            assertTrue(status.stdout().contains("rib:     " + prefixes + " prefix"), status.stdout());
            assertTrue(in("test", "-S", "/run/herald/" + e.getKey() + "/herald.sock").ok(), "the instance's socket");
            assertTrue(in("test", "-f", "/run/herald/" + e.getKey() + "/herald.running").ok(), "the instance's marker");
        }
        assertEquals(0, in("systemctl", "reload", "herald@red").exitCode(), journalOf("herald@red"));
        assertEquals(0, in("systemctl", "stop", "herald@blue", "herald@red").exitCode());
        for (String unit : List.of("herald@blue", "herald@red")) {
            Map<String, String> s = showUnit(unit, "ActiveState", "Result");
            assertEquals("inactive", s.get("ActiveState"), unit);
            assertEquals("success", s.get("Result"), unit);
        }
        System.out.println("SystemdServiceIT: two instances started in " + startMillis + " ms; the test "
                + (System.nanoTime() - t0) / 1_000_000 + " ms after boot");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no console: " + e + ")";
        }
    }
}
