package dev.herald.bgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class MainTest {
    // Surefire runs in the module directory.
    private static final Path EXAMPLE = Path.of("..", "examples", "herald.yaml");

    private record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void validateAcceptsTheExample() {
        Result r = execute("validate", "--config", EXAMPLE.toString());
        assertEquals(0, r.exitCode(), r::err);
        assertEquals(EXAMPLE + ": ok", r.out().strip());
        assertEquals("", r.err());
    }

    /**
     * examples/health-checks.yaml (the OVN ovn-controller connection-status and LXD /1.0 checks among
     * them) is valid and draws no warning: the daemon runs what it validates.
     */
    @Test
    void validateAcceptsTheHealthChecksExample() {
        Path example = Path.of("../examples/health-checks.yaml");
        Result r = execute("validate", "--config", example.toString());
        assertEquals(0, r.exitCode(), r::err);
        assertEquals(example + ": ok", r.out().strip());
        assertEquals("", r.err());
    }

    @Test
    void validateReportsEveryErrorWithItsPosition(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                router:
                  asn: 0
                  router-id: "2001:db8::1"
                peers:
                  - name: tor1
                    address: 198.18.0.1
                    asn: 65001
                    hold_time: 30
                """);
        Result r = execute("validate", "-c", bad.toString());
        assertEquals(1, r.exitCode());
        assertEquals("", r.out());
        assertEquals(List.of(
                bad + ":2:8: 'asn' must be an AS number in 1..4294967295, got 0",
                bad + ":3:14: 'router-id' must be an IPv4 address (a 32-bit BGP Identifier), got 2001:db8::1",
                bad + ":8:5: unknown key 'hold_time' in peer; did you mean 'hold-time'?"), r.errLines());
    }

    @Test
    void validateWarnsOfAPasswordInAFileOthersCanRead(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("herald.yaml"), """
                router: { asn: 65010, router-id: 192.0.2.1 }
                peers:
                  - { name: tor1, address: 198.18.0.1, asn: 65001, password: Sekrit-7 }
                """);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Result r = execute("validate", "-c", f.toString());
        assertEquals(0, r.exitCode(), "a warning, not an error");
        assertEquals(List.of(f + ": warning: holds the TCP-MD5 password of peer tor1 and is readable by others"
                + " (mode 0644); make it private: chmod o-r " + f), r.errLines());
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertEquals("", execute("validate", "-c", f.toString()).err());
    }

    @Test
    void validateOfAMissingFileExits1(@TempDir Path dir) {
        Result r = execute("validate", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("absent.yaml: no such file"), r::err);
    }

    @Test
    void runWithAnInvalidConfigExits1BeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "router: {}\n");
        Result r = execute("run", "--config", bad.toString(), "--log-level", "error");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(bad + ":1:1: missing required key 'peers'"), r::err);
    }

    @Test
    void versionPrintsTheName() {
        Result r = execute("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("herald "), r::out);
    }

    @Test
    void helpListsTheCommands() {
        Result r = execute("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("validate") && r.out().contains("run"), r::out);
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(2, execute().exitCode());
        assertEquals(2, execute("frobnicate").exitCode());
        assertEquals(2, execute("run", "--log-level", "loud").exitCode());
        assertEquals(2, execute("validate", "--no-such-option").exitCode());
    }
}
