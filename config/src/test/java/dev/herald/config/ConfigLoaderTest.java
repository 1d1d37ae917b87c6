package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.herald.codec.Family;
import dev.herald.codec.InetAddresses;
import dev.herald.codec.Prefix;

class ConfigLoaderTest {
    // Surefire runs in the module directory.
    private static final Path EXAMPLE = Path.of("..", "examples", "herald.yaml");

    private static InetAddress ip(String s) {
        return InetAddresses.parse(s);
    }

    @Test
    void exampleConfigLoads() throws ConfigException {
        HeraldConfig c = ConfigLoader.load(EXAMPLE);
        assertEquals(65010, c.router().asn());
        assertEquals(ip("192.0.2.1"), c.router().routerId());
        assertEquals(new ListenConfig(ip("::"), 179), c.router().listen().orElseThrow());
        PeerConfig frr = c.peers().getFirst();
        assertEquals(ip("198.18.0.1"), frr.address());
        assertEquals(65001, frr.asn());
        assertEquals(ip("198.18.0.2"), frr.localAddress().orElseThrow());
        assertEquals(ip("198.18.0.2"), frr.nextHopIpv4().orElseThrow());
        assertEquals(ip("fd00:18::2"), frr.nextHopIpv6().orElseThrow());
        assertEquals(List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), List.copyOf(frr.families()));
        assertEquals(List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("198.51.100.0/24"),
                        Prefix.parse("2001:db8:100::/48")),
                c.sources().staticRoutes());
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreAbsent() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml", Yaml.withPeer());
        assertTrue(c.router().listen().isEmpty());
        PeerConfig p = c.peers().getFirst();
        assertEquals(179, p.port());
        assertEquals(90, p.holdTime());
        assertFalse(p.passive());
        assertTrue(p.localAddress().isEmpty());
        assertTrue(p.nextHopIpv4().isEmpty());
        assertTrue(p.nextHopIpv6().isEmpty());
        assertEquals(List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), List.copyOf(p.families()));
        assertTrue(c.sources().staticRoutes().isEmpty());
    }

    @Test
    void familiesKeepTheWrittenOrder() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml", Yaml.withPeer("families: [ipv6-unicast, ipv4-unicast]"));
        assertEquals(List.of(Family.IPV6_UNICAST, Family.IPV4_UNICAST), List.copyOf(c.peers().getFirst().families()));
    }

    @Test
    void listenDefaultsToWildcardAndPort179() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml", Yaml.withPeer().replace("router:\n", "router:\n  listen: {}\n"));
        assertEquals(new ListenConfig(ip("::"), 179), c.router().listen().orElseThrow());
    }

    @Test
    void passivePeerWithListen() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml",
                Yaml.withPeer("passive: true").replace("router:\n", "router:\n  listen: { port: 1179 }\n"));
        assertTrue(c.peers().getFirst().passive());
        assertEquals(1179, c.router().listen().orElseThrow().port());
    }

    @Test
    void holdTimeZeroAndFourByteAsnAreValid() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml",
                Yaml.withPeer("hold-time: 0").replace("asn: 65001", "asn: 4200000000"));
        assertEquals(0, c.peers().getFirst().holdTime());
        assertEquals(4200000000L, c.peers().getFirst().asn());
    }

    @Test
    void anchorsShareValues() throws ConfigException {
        HeraldConfig c = ConfigLoader.parse("t.yaml", Yaml.withPeer("hold-time: &t 30")
                + "  - name: b\n    address: 198.18.0.3\n    asn: 65002\n    hold-time: *t\n");
        assertEquals(30, c.peers().get(1).holdTime());
    }

    @Test
    void missingFileIsOneErrorWithoutPosition(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": no such file", e.errors().getFirst().toString());
    }

    @Test
    void directoryIsNamedAsTheReason(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        assertEquals(dir + ": is a directory", e.errors().getFirst().toString());
    }

    @Test
    void unreadableFileSaysPermissionDenied() {
        // Tests run as root, who reads any file: the exception is what Files.readString throws for mode 0000.
        assertEquals("permission denied", ReadFailure.reason(new java.nio.file.AccessDeniedException("/etc/x.yaml")));
        assertEquals("not valid UTF-8", ReadFailure.reason(new java.nio.charset.MalformedInputException(1)));
        assertEquals("no such file", ReadFailure.reason(new java.nio.file.NoSuchFileException("/etc/x.yaml")));
    }

    @Test
    void unreadableFileNamesTheReasonNotTheFileTwice(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret.yaml"), "router: 1\n");
        Files.setPosixFilePermissions(file, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "root reads a mode 0000 file");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ": permission denied", e.errors().getFirst().toString());
    }

    @Test
    void errorsAreNamedByThePathAsGiven(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "router: 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertTrue(e.getMessage().contains(file + ":1:9: 'router' must be a mapping"), e::getMessage);
    }

    @Test
    void errorToStringIsFileLineColumnMessage() {
        assertEquals("a.yaml:3:14: boom", new ConfigError("a.yaml", 3, 14, "boom").toString());
    }
}
