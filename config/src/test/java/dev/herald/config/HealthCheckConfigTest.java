package dev.herald.config;

import static dev.herald.config.Yaml.assertError;
import static dev.herald.config.Yaml.only;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.rib.HealthGates;
import dev.herald.rib.OnFailure;
import dev.herald.rib.PrefixRange;
import dev.herald.rib.RouteMatch;
import dev.herald.sources.health.HealthCheckSettings;
import dev.herald.sources.health.Probe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code health-checks:} section: what it builds, and where each mistake is reported. */
class HealthCheckConfigTest {
    /** Lines 8 and 9; the check's other keys start at line 10, column 5. */
    private static String check(String... lines) {
        return Yaml.withKeys(withPeer() + "health-checks:\n  - name: web\n", lines);
    }

    private static final String TCP = "tcp: { host: 127.0.0.1, port: 80 }";
    private static final String ANY = "match: {}";

    /**
     * One mistake per row: the check's lines, the index of the line at fault, the text the error
     * points at (its first occurrence in that line; null: the line's key) and a fragment of the message.
     */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                row(List.of("intervall: 5s", TCP, ANY), 0, null, "did you mean 'interval'?"),
                row(List.of("exec: /bin/true", ANY), 0, "/bin/true", "must be a command as a list"),
                row(List.of("exec: [check.sh]", ANY), 0, "check.sh", "command must be an absolute path"),
                row(List.of(TCP, "file: { path: /run/m, pass-when: absent }", ANY), 1, null, "'tcp' and 'file' are both given"),
                row(List.of("tcp: { host: h, port: 70000 }", ANY), 0, "70000", "'port'"),
                row(List.of("tcp: { host: h }", ANY), 0, null, "missing required key 'port' in tcp"),
                row(List.of("http: { url: ftp://h/ }", ANY), 0, "ftp://h/", "http:// or https://"),
                row(List.of("http: { url: \"http+unix://lxd.sock/1.0\" }", ANY), 0, "\"http+unix://lxd.sock/1.0\"",
                        "http+unix:// with the socket's absolute path"),
                row(List.of("http: { url: http://h/, status: 200-700 }", ANY), 0, "200-700", "must lie in 100-599"),
                row(List.of("http: { url: http://h/, status: ok }", ANY), 0, "ok", "a status such as 200"),
                row(List.of("http: { url: http://h/, body: \"(\" }", ANY), 0, "\"(\"", "not a regular expression"),
                row(List.of("file: { path: /run/m }", ANY), 0, null, "missing required key 'pass-when' in file"),
                row(List.of("file: { path: /run/m, pass-when: maybe }", ANY), 0, "maybe", "must be present or absent"),
                row(List.of("file: { path: run/m, pass-when: absent }", ANY), 0, "run/m", "absolute path"),
                row(List.of(TCP, "interval: 5", ANY), 1, "5", "with its unit"),
                row(List.of(TCP, "interval: 10ms", ANY), 1, "10ms", "from 100ms to 60m"),
                row(List.of(TCP, "interval: 1s", "timeout: 2s", ANY), 2, "2s", "'timeout' 2s exceeds 'interval' 1s"),
                row(List.of(TCP, "rise: 0", ANY), 1, "0", "'rise' must be 1..100"),
                row(List.of(TCP, "fall: x", ANY), 1, "x", "'fall' must be an integer"),
                row(List.of(TCP, "start-up: maybe", ANY), 1, "maybe", "must be up"),
                row(List.of(TCP, "on-failure: drop", ANY), 1, "drop", "must be withdraw, or degrade"),
                row(List.of(TCP, "on-failure: { degrade: {} }", ANY), 1, "{}", "needs a med, an as-path-prepend or communities"),
                row(List.of(TCP, "on-failure: { degrade: { prepend: 2 } }", ANY), 1, "prepend", "unknown key 'prepend' in degrade; expected one of: med, as-path-prepend"),
                row(List.of(TCP, "on-failure: { degrade: { as-path-prepend: 65 } }", ANY), 1, "65", "must be 0..64"),
                row(List.of(TCP, "on-failure: { degrade: { communities: [65010:x] } }", ANY), 1, "65010:x", "65010:x"),
                row(List.of(TCP, "on-failure: { degrade: { med: -1 } }", ANY), 1, "-1", "'med' must be 0..4294967295"),
                row(List.of(TCP, "match: { sources: [ovm] }"), 1, "ovm", "names no source: 'ovm'"),
                row(List.of(TCP, "match: { prefixes: [10.0.0.0/33] }"), 1, "10.0.0.0/33", "prefix length 33 out of range"),
                row(List.of(TCP, "match: { prefix-files: [anycast.txt] }"), 1, "anycast.txt", "absolute path"),
                row(List.of(TCP, "match: { tags: { router: } }"), 1, " }", "tag 'router' needs a value"),
                row(List.of(TCP, "match: { colour: red }"), 1, "colour", "unknown key 'colour' in match"),
                row(List.of(TCP, "match: [ovn]"), 1, "[ovn]", "'match' must be a mapping"));
    }

    private static Arguments row(List<String> lines, int at, String token, String fragment) {
        return Arguments.of(fragment, lines, at, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedWhereItIs(String fragment, List<String> lines, int at, String token) {
        String line = lines.get(at);
        int column = 5 + (token == null ? 0 : line.indexOf(token));
        assertError(only(check(lines.toArray(String[]::new))), 10 + at, column, fragment);
    }

    @Test
    void aCheckWithoutProbeOrMatchIsReportedAtTheCheck() {
        List<ConfigError> errors = Yaml.errors(check("interval: 5s"));
        assertEquals(2, errors.size(), errors::toString);
        assertError(errors.get(0), 9, 5, "a health check needs one of: exec, tcp, http, file");
        assertError(errors.get(1), 9, 5, "missing required key 'match' in health check");
    }

    @Test
    void namesAreLowercaseAndUnique() {
        assertError(only(Yaml.withKeys(withPeer() + "health-checks:\n  - name: Web\n", TCP, ANY)), 9, 11,
                "must be lowercase");
        String twice = Yaml.withKeys(withPeer() + "health-checks:\n  - name: web\n", TCP, ANY)
                + "  - name: web\n    " + TCP + "\n    " + ANY + "\n";
        assertError(only(twice), 12, 11, "health check name 'web'");
        assertError(only(withPeer() + "health-checks: { name: web }\n"), 8, 16, "must be a list of checks");
    }

    @Test
    void everyKeyIsReadWithExaBgpsDefaults(@TempDir Path dir) throws Exception {
        Path anycast = dir.resolve("anycast.txt");
        Files.writeString(anycast, "# the service's addresses\n192.0.2.10/32\n2001:db8::10/128\n");
        String yaml = withPeer() + """
                health-checks:
                  - name: web
                    http: { url: "http://127.0.0.1:8080/healthz", status: 200-299, body: "^ok" }
                    interval: 2s
                    timeout: 500ms
                    rise: 2
                    fall: 4
                    start-up: down
                    on-failure: { degrade: { med: 1000, as-path-prepend: 3, communities: [65010:666] } }
                    match: { sources: [ovn], tags: { router: lr0 }, prefixes: [203.0.113.0/24 le 32] }
                  - name: maintenance
                    file: { path: /etc/herald/maintenance, pass-when: absent }
                    match: { prefix-files: [%s] }
                  - name: ovn-controller
                    exec: [/usr/bin/ovn-appctl, -t, ovn-controller, connection-status]
                    match: { sources: [ovn] }
                  - name: lxd
                    tcp: { host: 127.0.0.1, port: 8443 }
                    match: {}
                """.formatted(anycast);
        List<HealthCheckConfig> checks = ConfigLoader.parse("t.yaml", yaml).healthChecks();
        assertEquals(4, checks.size());

        HealthCheckConfig web = checks.get(0);
        HealthCheckSettings s = web.settings();
        assertEquals("web", s.name());
        Probe.Http http = (Probe.Http) s.probe();
        assertEquals(URI.create("http://127.0.0.1:8080/healthz"), http.uri());
        assertEquals(200, http.minStatus());
        assertEquals(299, http.maxStatus());
        assertEquals("^ok", http.body().orElseThrow().pattern());
        assertEquals(Duration.ofSeconds(2), s.interval());
        assertEquals(Duration.ofMillis(500), s.timeout());
        assertEquals(2, s.rise());
        assertEquals(4, s.fall());
        assertEquals(HealthCheckSettings.StartUp.DOWN, s.startUp());
        assertEquals(new OnFailure.Degrade(OptionalLong.of(1000), 3, List.of(65010L << 16 | 666)), s.onFailure());
        assertEquals(new RouteMatch(List.of(new PrefixRange(Prefix.parse("203.0.113.0/24"), 24, 32)), Set.of(),
                Set.of("ovn"), Map.of("router", "lr0")), web.match());

        HealthCheckConfig maintenance = checks.get(1);
        assertEquals(new Probe.File(Path.of("/etc/herald/maintenance"), true), maintenance.settings().probe());
        assertEquals(Duration.ofSeconds(5), maintenance.settings().interval(), "ExaBGP's interval");
        assertEquals(Duration.ofSeconds(5), maintenance.settings().timeout(), "the interval");
        assertEquals(3, maintenance.settings().rise());
        assertEquals(3, maintenance.settings().fall());
        assertEquals(HealthCheckSettings.StartUp.UP, maintenance.settings().startUp());
        assertEquals(new OnFailure.Withdraw(), maintenance.settings().onFailure());
        assertEquals(List.of(PrefixRange.exact(Prefix.parse("192.0.2.10/32")),
                PrefixRange.exact(Prefix.parse("2001:db8::10/128"))), maintenance.match().prefixes());

        assertEquals(new Probe.Exec(List.of("/usr/bin/ovn-appctl", "-t", "ovn-controller", "connection-status")),
                checks.get(2).settings().probe());
        assertEquals(new Probe.Tcp("127.0.0.1", 8443), checks.get(3).settings().probe());
        assertEquals(RouteMatch.ANY, checks.get(3).match());

        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        HealthGates gates = HealthCheckConfig.gates(checks, now);
        assertEquals(HealthGates.Announcement.DEGRADED, gates.gates().get(0).announcement(),
                "start-up down: held back from the start");
        assertEquals(HealthGates.Announcement.NORMAL, gates.gates().get(1).announcement());
        assertEquals(web.match(), gates.gates().get(0).selector());
    }

    @Test
    void aPrefixFilesBadLineIsReportedInThatFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("anycast.txt");
        Files.writeString(file, "192.0.2.10/32\n192.0.2.300/32\n");
        ConfigError e = only(check(TCP, "match: { prefix-files: [" + file + "] }"));
        assertEquals(file.toString(), e.file());
        assertEquals(2, e.line());
        assertTrue(e.toString().startsWith(file + ":2:"), e.toString());
        ConfigError gone = only(check(TCP, "match: { prefix-files: [" + dir.resolve("gone.txt") + "] }"));
        assertError(gone, 11, 5 + "match: { prefix-files: [".length(), "prefix file");
    }

    /** The daemon runs the checks: nothing to warn about. */
    @Test
    void runChecksAreNotWarnedAbout(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), ConfigWarnings.of(dir.resolve("herald.yaml"), ConfigLoader.parse("t.yaml", check(TCP, ANY))));
    }

    /** examples/health-checks.yaml stays valid: the OVN, LXD, HTTP and maintenance-file checks it shows. */
    @Test
    void theExampleIsValid() throws Exception {
        HeraldConfig c = ConfigLoader.load(Path.of("../examples/health-checks.yaml"));
        assertEquals(List.of("web", "ovn-controller", "lxd", "maintenance"),
                c.healthChecks().stream().map(h -> h.settings().name()).toList());
    }

    /** LXD's /1.0 on its unix socket: the socket's path percent-encoded as the authority, as the runner reads it. */
    @Test
    void httpOverAUnixSocket() throws Exception {
        String url = "http+unix://%2Fvar%2Flib%2Flxd%2Funix.socket/1.0";
        Probe.Http h = (Probe.Http) ConfigLoader.parse("t.yaml", check("http: { url: \"" + url + "\" }", ANY))
                .healthChecks().getFirst().settings().probe();
        assertEquals("/var/lib/lxd/unix.socket", h.uri().getAuthority());
        assertEquals("/1.0", h.uri().getPath());
    }

    @Test
    void absentSectionMeansNoChecks() throws Exception {
        assertEquals(List.of(), ConfigLoader.parse("t.yaml", withPeer()).healthChecks());
    }
}
