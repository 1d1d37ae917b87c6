package dev.herald.config;

import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import dev.herald.sources.lxd.LxdSettings;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sources.lxd}: values, defaults, and where each mistake is reported. Keys start at line 10, column 5. */
class LxdConfigTest {
    private static final Yaml.Source<LxdSourceConfig> LXD = new Yaml.Source<>("lxd", SourcesConfig::lxd);

    @Test
    void absentMeansNoLxdSourceAndOldConstructorsWork() throws ConfigException {
        assertTrue(ConfigLoader.parse("t.yaml", withPeer()).sources().lxd().isEmpty());
        assertTrue(new SourcesConfig(List.of()).lxd().isEmpty());
        assertTrue(new SourcesConfig(List.of(), Optional.empty()).lxd().isEmpty());
    }

    @Test
    void bareSectionTakesTheDefaults() throws ConfigException {
        assertEquals(LxdSourceConfig.defaults(), LXD.parse(withPeer() + "sources:\n  lxd:\n"));
        assertEquals(LxdSourceConfig.defaults(), LXD.parse(withPeer() + "sources:\n  lxd: {}\n"));
        assertFalse(LxdSourceConfig.defaults().settings().natAddressRoutes());
    }

    @Test
    void everyKey() throws Exception {
        LxdSourceConfig c = LXD.parse(LXD.with(
                "socket: /var/lib/lxd/unix.socket",
                "projects: [default, p2]",
                "nat-address-routes: true",
                "next-hop: {ipv4: 198.18.0.1, ipv6: 'fd00::1'}",
                "member: m1",
                "allow:",
                "  prefixes: [192.0.2.0/24, '2001:db8::/32']",
                "  projects: {p2: [198.51.100.0/24]}",
                "  uplinks: {UPLINK: [203.0.113.0/24]}"));
        assertEquals(Optional.of(Path.of("/var/lib/lxd/unix.socket")), c.socket());
        LxdSettings s = c.settings();
        assertEquals(List.of("default", "p2"), s.projects());
        assertTrue(s.natAddressRoutes());
        assertEquals(InetAddress.getByName("198.18.0.1"), s.ipv4NextHop());
        assertEquals(InetAddress.getByName("fd00::1"), s.ipv6NextHop());
        assertEquals("m1", s.memberName());
        assertEquals(List.of(Prefix.parse("192.0.2.0/24"), Prefix.parse("2001:db8::/32")), s.allow().prefixes());
        assertEquals(Map.of("p2", List.of(Prefix.parse("198.51.100.0/24"))), s.allow().projects());
        assertEquals(Map.of("UPLINK", List.of(Prefix.parse("203.0.113.0/24"))), s.allow().uplinks());
    }

    @Test
    void remote() throws ConfigException {
        LxdSourceConfig c = LXD.parse(LXD.with("url: https://lxd.example:8443", "client-cert: /etc/herald/lxd.crt",
                "client-key: /etc/herald/lxd.key", "server-cert: /etc/herald/server.crt"));
        assertEquals(Optional.of(URI.create("https://lxd.example:8443")), c.url());
        assertEquals(Optional.of(Path.of("/etc/herald/lxd.key")), c.clientKey());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            sockett: /x                           | 10 |  5 | unknown key 'sockett' in sources.lxd; did you mean 'socket'?
            socket: relative/path                 | 10 | 13 | must be an absolute path
            projects: []                          | 10 | 15 | is empty
            projects: [a, 'b c']                  | 10 | 19 | not a valid LXD project name
            projects: [a, a]                      | 10 | 19 | a
            nat-address-routes: maybe             | 10 | 25 | ``
            next-hop: {ipv4: 'fd00::1'}           | 10 | 22 | put it under 'ipv6'
            next-hop: {ipv6: '::ffff:198.18.0.1'} | 10 | 22 | IPv4-mapped
            next-hop: {ipv5: 1.2.3.4}             | 10 | 16 | unknown key 'ipv5'
            url: http://x                         | 10 | 10 | must be https://HOST[:PORT]
            url: https://x:8443                   | 10 |  5 | needs 'client-cert' and 'client-key'
            client-cert: /a                       | 10 |  5 | only used with 'url'
            """)
    void errorsPointAtTheValue(String line, int row, int column, String fragment) {
        assertOnly(LXD.with(line), row, column, fragment);
    }

    /** Configs of more than one line: the allow section's keys, and keys that exclude each other. */
    @Test
    void errorsInNestedKeysPointAtTheValue() {
        assertOnly(LXD.with("allow:", "  prefixes: [192.0.2.1/24]"), 11, 18, "host bits set; did you mean 192.0.2.0/24?");
        assertOnly(LXD.with("allow:", "  projects: {p2: 198.51.100.0/24}"), 11, 22, "must be a list of prefixes");
        assertOnly(LXD.with("allow:", "  uplink: {}"), 11, 7, "did you mean 'uplinks'?");
        assertOnly(LXD.with("socket: /a", "url: https://x", "client-cert: /c", "client-key: /k"), 11, 5, "exclude each other");
    }
}
