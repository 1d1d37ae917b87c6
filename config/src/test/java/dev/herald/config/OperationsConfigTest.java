package dev.herald.config;

import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code admin:} and {@code metrics:}; their keys start at line 9, column 3. */
class OperationsConfigTest {
    private static HeraldConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("t.yaml", yaml);
    }

    @Test
    void absentMeansDefaultSocketAndNoMetrics() throws ConfigException {
        HeraldConfig c = parse(withPeer());
        assertEquals(AdminConfig.DEFAULT, c.admin());
        assertEquals(Path.of("/run/herald/herald.sock"), c.admin().socket());
        assertTrue(c.metrics().isEmpty());
        HeraldConfig old = new HeraldConfig(c.router(), c.peers(), c.sources());
        assertEquals(c, old, "the three-part constructor takes the same defaults");
        assertEquals(AdminConfig.DEFAULT, parse(withPeer() + "admin:\n").admin());
    }

    @Test
    void everyKey() throws Exception {
        HeraldConfig c = parse(withPeer() + """
                admin:
                  socket: /run/h/admin.sock
                  group: herald-admin
                metrics:
                  listen: "[::1]:9179"
                """);
        assertEquals(new AdminConfig(Path.of("/run/h/admin.sock"), Optional.of("herald-admin")), c.admin());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9179), c.metrics().orElseThrow().listen());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9100),
                parse(withPeer() + "metrics: { listen: 127.0.0.1:9100 }\n").metrics().orElseThrow().listen());
    }

    @Test
    void mistakesPointAtTheValue() {
        assertOnly(withPeer() + "admin:\n  socket: run/herald.sock\n", 9, 11, "absolute path");
        assertOnly(withPeer() + "admin:\n  socket: /" + "x".repeat(120) + "\n", 9, 11, "longer than a unix socket path");
        assertOnly(withPeer() + "admin:\n  group: Wheel!\n", 9, 10, "must be a group name");
        assertOnly(withPeer() + "admin:\n  sockte: /run/x\n", 9, 3, "did you mean 'socket'");
        assertOnly(withPeer() + "metrics:\n  listen: ::1:9179\n", 9, 11, "ADDRESS:PORT");
        assertOnly(withPeer() + "metrics:\n  listen: 127.0.0.1\n", 9, 11, "ADDRESS:PORT");
        assertOnly(withPeer() + "metrics:\n  listen: localhost:9179\n", 9, 11, "ADDRESS:PORT");
        assertOnly(withPeer() + "metrics:\n  listen: 127.0.0.1:70000\n", 9, 11, "ADDRESS:PORT");
        assertOnly(withPeer() + "metrics:\n  listne: 127.0.0.1:9179\n  listen: 127.0.0.1:9179\n", 9, 3,
                "did you mean 'listen'");
    }

    @Test
    void everyErrorAtOnce() {
        List<ConfigError> all = Yaml.errors(withPeer() + "admin: { socket: x }\nmetrics: { listen: nowhere }\n");
        assertEquals(2, all.size(), all::toString);
    }
}
