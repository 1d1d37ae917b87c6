package dev.herald.bgpd.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bgpd.testkit.HeraldYaml;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code herald run} as its own process with {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} set,
 * as systemd starts a Type=notify service; the test plays systemd's notification socket. It logs
 * with {@code --log-format json}, checked line by line.
 */
class HeraldNotifiesSystemdTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void readyStatusWatchdogAndStopping() throws Throwable {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there: the peer stays down
        }
        Path config = dir.resolve("herald.yaml");
        Files.writeString(config, HeraldYaml.lab().admin(dir.resolve("herald.sock"))
                .peer(HeraldYaml.Peer.of("r1", "127.0.0.1", 65001).port(closedPort).connectRetry(30)
                        .line("next-hop: { ipv4: 192.0.2.1 }"))
                .statics("203.0.113.0/24", "198.51.100.0/24").build());
        Path notify = dir.resolve("notify");
        try (NotifyReceiver systemd = new NotifyReceiver(notify.toString())) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"),
                    "dev.herald.bgpd.cli.Main", "run", "--config", config.toString(), "--log-format", "json")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("herald.log").toFile());
            pb.environment().put("HERALD_STATE_DIR", dir.toString());
            pb.environment().put("NOTIFY_SOCKET", notify.toString());
            pb.environment().put("WATCHDOG_USEC", "400000"); // pings every 200 ms
            pb.environment().remove("WATCHDOG_PID");
            Process herald = pb.start();
            try {
                String ready = systemd.receive(Duration.ofSeconds(30));
                assertNotNull(ready, this::log);
                assertTrue(ready.startsWith("READY=1\n"), ready);
                assertTrue(ready.contains("STATUS=0/1 peers established, 2 prefixes (sources: static)"), ready);

                List<String> later = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    String m = systemd.receive(Duration.ofSeconds(5));
                    assertNotNull(m, () -> "no watchdog ping after " + later + "; " + log());
                    later.add(m);
                }
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                for (String m : later) {
                    assertTrue(m.startsWith("WATCHDOG=1\nSTATUS=0/1 peers established, 2 prefixes"), m);
                }
                // Three pings at 200 ms take about 600 ms; at the 5 s status interval (WATCHDOG_USEC
                // ignored) they would take 15 s. The bound only tells the two apart, with slack for a
                // loaded machine.
                assertTrue(elapsedMillis < 10_000, "3 pings took " + elapsedMillis + " ms");

                herald.destroy(); // SIGTERM, as systemctl stop
                String stopping;
                do {
                    stopping = systemd.receive(Duration.ofSeconds(10));
                    assertNotNull(stopping, this::log);
                } while (stopping.startsWith("WATCHDOG=1"));
                assertEquals("STOPPING=1\nSTATUS=stopping", stopping);
                assertTrue(herald.waitFor(20, TimeUnit.SECONDS), this::log);
                assertEquals(0, herald.exitValue(), this::log);
                // --log-format json: every line herald wrote is one JSON object
                List<String> lines = Files.readAllLines(dir.resolve("herald.log"));
                assertTrue(lines.size() > 3, this::log);
                for (String line : lines) {
                    JsonNode n = JSON.readTree(line);
                    assertTrue(n.has("time") && n.has("level") && n.has("logger") && n.has("message"), line);
                }
                assertTrue(lines.stream().anyMatch(l -> l.contains("\"message\":\"herald ") && l.contains("starting with")),
                        this::log);
            } finally {
                herald.destroyForcibly();
            }
        }
    }

    private String log() {
        try {
            return "herald log:\n" + Files.readString(dir.resolve("herald.log"));
        } catch (Exception e) {
            return "no log: " + e;
        }
    }
}
