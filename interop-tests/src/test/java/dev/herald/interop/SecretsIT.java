package dev.herald.interop;

import dev.herald.bgpd.testkit.HeraldYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.interop.lab.Exec;
import dev.herald.interop.lab.Family;
import dev.herald.interop.lab.Herald;
import dev.herald.interop.lab.IpPrefix;
import dev.herald.interop.lab.Lab;
import dev.herald.interop.lab.LabLink;
import dev.herald.interop.lab.NetnsSocket;
import dev.herald.interop.lab.RouteChecks;
import dev.herald.interop.lab.Router;
import dev.herald.interop.lab.RouterConfig;
import dev.herald.interop.lab.RouterKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Passwords never leak: herald runs with TCP-MD5 keys (one inline, session up with FRR 8.4; one
 * from a password-file, toward an address where nobody answers) at log level trace, and every
 * surface an operator or a scraper sees is searched for the keys: the log, the metrics endpoint,
 * {@code herald status} and {@code peers} (tables, detail and JSON), {@code herald validate} and
 * {@code herald reload} of configs with password errors, and the plan of a reload that changes a
 * password.
 */
class SecretsIT {
    static final String INLINE = "Inline-Md5-Key-7f3a";
    static final String IN_FILE = "File-Md5-Key-91c2";
    static final String RELOADED = "Reload-Md5-Key-5d0e";
    static final String TOO_LONG = "Long-Md5-Key-0b6e".repeat(5);
    static final String WRONG_TYPE = "Typed-Md5-Key-c3d1";
    static final String MISPLACED = "Misplaced-Md5-Key-44ab";
    static final List<String> SECRETS = List.of(INLINE, IN_FILE, RELOADED, TOO_LONG, WRONG_TYPE, MISPLACED);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void lab() {
        Lab.requireLab();
        Herald.requireJar();
        RouterKind.FRR_HOST.require();
    }

    static String config(LabLink link, Path socket, Path keyFile, String frrPassword, String extraPeerLines) {
        return HeraldYaml.lab().admin(socket).top("metrics:\n  listen: 127.0.0.1:9179")
                .peer(link.heraldPeer("frr").families("ipv4-unicast").connectRetry(1).line("password: " + frrPassword))
                .peer(HeraldYaml.Peer.of("dark", "198.18." + link.octet() + ".99", 65002).families("ipv4-unicast")
                        .connectRetry(1).line("password-file: " + keyFile))
                .peersYaml(extraPeerLines).statics("203.0.113.0/24").build();
    }

    static Exec.Result cli(String... args) {
        return Herald.run(args);
    }

    /** The peer's last_error from {@code herald peers NAME --json}, "" when none. */
    static String lastError(String socket, String peer) {
        Exec.Result r = cli("peers", peer, "--json", "--socket", socket);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"last_error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(r.stdout());
        return m.find() ? m.group(1) : "";
    }

    static String metrics(LabLink link) throws IOException {
        try (Socket s = NetnsSocket.connect(link.speakerNs(), new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 9179))) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: herald\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void noSecretInLogsMetricsStatusApiOrErrors() throws Exception {
        try (LabLink link = LabLink.create("secrets")) {
            Router frr = link.own(RouterKind.FRR_HOST.start(link.routerNs(),
                    RouterConfig.standard(link).withOptions(RouterConfig.Options.NONE.withPassword(INLINE)),
                    link.logDir().resolve("frr")));
            Path dir = link.logDir().resolve("herald");
            Files.createDirectories(dir);
            Path socket = dir.resolve("herald.sock");
            Path keyFile = dir.resolve("dark.key");
            Files.writeString(keyFile, IN_FILE + "\n");
            Herald herald = link.own(Herald.start(link.speakerNs(), config(link, socket, keyFile, INLINE, ""), dir, dir,
                    Map.of("HERALD_LOG_LEVEL", "trace")));
            frr.awaitRoutes(Family.IPV4_UNICAST, "herald's route over the TCP-MD5 session", TIMEOUT, t -> {
                herald.checkAlive();
                return RouteChecks.prefixes(t).contains(IpPrefix.parse("203.0.113.0/24"));
            });
            String sock = socket.toString();
            // The config (mode 0644, as written) holds a password: herald warns at start.
            assertTrue(herald.logContains("warning: holds the TCP-MD5 password of peer frr and is readable by others"),
                    herald::logTail);
            // The dark peer has failed at least once: its error is in status.
            frr.await("the dark peer's connect failure in its status", TIMEOUT,
                    () -> lastError(sock, "dark").isEmpty() ? Optional.empty() : Optional.of(true));

            Map<String, String> seen = new LinkedHashMap<>();
            for (List<String> args : List.of(List.of("status"), List.of("status", "--json"), List.of("peers"),
                    List.of("peers", "--json"), List.of("peers", "--detail"), List.of("peers", "frr", "--json"),
                    List.of("peers", "dark"), List.of("peers", "dark", "--json"), List.of("routes", "--json"))) {
                List<String> all = new ArrayList<>(args);
                all.addAll(List.of("--socket", sock));
                Exec.Result r = cli(all.toArray(String[]::new));
                assertEquals(0, r.exitCode(), r::toString);
                seen.put("herald " + String.join(" ", args), r.stdout() + r.stderr());
            }
            seen.put("GET /metrics", metrics(link));
            assertTrue(seen.get("GET /metrics").contains("herald_"), seen.get("GET /metrics"));

            // Configs with password errors: validate reports them, a reload refuses them.
            String bad = config(link, socket, keyFile, INLINE, """
                      - { name: long, address: 198.18.%1$d.97, asn: 65003, password: %2$s }
                      - { name: typed, address: 198.18.%1$d.96, asn: 65003, password: { key: %3$s } }
                      - { name: both, address: 198.18.%1$d.95, asn: 65003, password: %4$s, password-file: %5$s }
                      - { name: typo, address: 198.18.%1$d.94, asn: 65003, passwrod: %4$s }
                    """.formatted(link.octet(), TOO_LONG, WRONG_TYPE, MISPLACED, keyFile));
            Path badFile = dir.resolve("bad.yaml");
            Files.writeString(badFile, bad);
            Exec.Result validate = cli("validate", "--config", badFile.toString());
            assertEquals(1, validate.exitCode(), validate::toString);
            assertTrue(validate.stderr().lines().count() >= 4, "every error reported: " + validate.stderr());
            seen.put("herald validate (password errors)", validate.stdout() + validate.stderr());
            Path config = herald.config();
            String good = Files.readString(config);
            Files.writeString(config, bad);
            Exec.Result refused = cli("reload", "--socket", sock);
            assertEquals(1, refused.exitCode(), refused::toString);
            seen.put("herald reload (password errors)", refused.stdout() + refused.stderr());

            // A reload that changes a password: the plan names the key, never the value.
            Files.writeString(config, good.replace(INLINE, RELOADED));
            Exec.Result changed = cli("reload", "--socket", sock);
            assertEquals(0, changed.exitCode(), changed::toString);
            assertTrue(changed.stdout().contains("password"), "the plan names what changed: " + changed.stdout());
            seen.put("herald reload (password changed)", changed.stdout() + changed.stderr());
            // FRR keeps the old key: the reset session cannot come back, and herald says why.
            String why = frr.await("herald to report the TCP-MD5 failure after the reload", TIMEOUT, () -> {
                herald.checkAlive();
                return Optional.of(lastError(sock, "frr")).filter(e -> e.contains("TCP-MD5"));
            });
            System.err.println("[lab] after the reload herald says of frr: " + why);
            seen.put("herald peers frr --json (after the reload)", cli("peers", "frr", "--json", "--socket", sock).stdout());
            seen.put("herald.log", Files.readString(herald.daemon().log()));

            List<String> leaks = new ArrayList<>();
            seen.forEach((where, text) -> {
                for (String secret : SECRETS) {
                    // A long key might be cut: any 12 characters of one would be a leak too.
                    for (int i = 0; i + 12 <= secret.length(); i++) {
                        if (text.contains(secret.substring(i, i + 12))) {
                            leaks.add(where + " shows (part of) " + secret);
                            break;
                        }
                    }
                }
            });
            System.err.println("[lab] searched for " + SECRETS.size() + " passwords in " + seen.keySet() + " ("
                    + seen.values().stream().mapToInt(String::length).sum() + " characters): " + leaks.size() + " leaks");
            assertTrue(leaks.isEmpty(), () -> String.join("\n", leaks));
        }
    }
}
