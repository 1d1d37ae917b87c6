package dev.herald.config;

import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session options of issue 4: passwords, TTL rules, timers, graceful restart. */
class PeerOptionsTest {
    static PeerConfig peer(String... lines) throws ConfigException {
        return ConfigLoader.parse("t.yaml", withPeer(lines)).peers().getFirst();
    }

    @Test
    void defaults() throws ConfigException {
        PeerConfig p = peer();
        assertEquals(Optional.empty(), p.password());
        assertEquals(0, p.ebgpMultihop());
        assertEquals(0, p.ttlSecurity());
        assertEquals(5, p.connectRetry());
        assertEquals(300, p.connectRetryMax());
        assertEquals(120, p.gracefulRestartTime());
        assertEquals(480, p.sendHoldTime());
        assertEquals(240, p.openHoldTime());
    }

    @Test
    void everyOption() throws ConfigException {
        PeerConfig p = peer("password: s3cret", "ebgp-multihop: 2", "connect-retry: 1", "connect-retry-max: 30",
                "graceful-restart: { restart-time: 30 }", "send-hold-time: 60", "open-hold-time: 10");
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), p.password().orElseThrow().bytes());
        assertFalse(p.toString().contains("s3cret"), p::toString);
        assertEquals(2, p.ebgpMultihop());
        assertEquals(1, p.connectRetry());
        assertEquals(30, p.connectRetryMax());
        assertEquals(30, p.gracefulRestartTime());
        assertEquals(60, p.sendHoldTime());
        assertEquals(10, p.openHoldTime());
        assertEquals(1, peer("ttl-security: 1").ttlSecurity());
        assertEquals(-1, peer("graceful-restart: { enabled: false }").gracefulRestartTime());
    }

    @Test
    void passwordFileIsReadAtLoadWithoutItsNewline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tor1.key");
        Files.writeString(f, "from-file\n");
        PeerConfig p = peer("password-file: " + f);
        assertArrayEquals("from-file".getBytes(StandardCharsets.UTF_8), p.password().orElseThrow().bytes());
        assertTrue(p.password().get().origin().contains(f.toString()));
    }

    @Test
    void missingPasswordFileIsAPositionedError(@TempDir Path dir) {
        assertOnly(withPeer("password-file: " + dir.resolve("nope")), 8, 20, "no such file");
    }

    @Test
    void passwordTooLongDoesNotEchoIt() {
        String longKey = "x".repeat(81);
        var e = Yaml.only(withPeer("password: " + longKey));
        Yaml.assertError(e, 8, 15, "1 to 80 bytes");
        assertFalse(e.message().contains(longKey));
    }

    @Test
    void passwordAndPasswordFileTogether() {
        assertOnly(withPeer("password: a", "password-file: /x"), 9, 5, "both set");
    }

    @Test
    void ttlSecurityAndMultihopTogether() {
        assertOnly(withPeer("ebgp-multihop: 3", "ttl-security: 2"), 9, 5, "both set");
    }

    @Test
    void outOfRange() {
        assertOnly(withPeer("ttl-security: 255"), 8, 19, "from 1 to 254");
        assertOnly(withPeer("ebgp-multihop: 0"), 8, 20, "from 1 to 255");
        assertOnly(withPeer("graceful-restart: { restart-time: 4096 }"), 8, 39, "12 bits");
        assertOnly(withPeer("connect-retry: 10", "connect-retry-max: 5"), 9, 24, "below 'connect-retry'");
    }

    @Test
    void longLivedGracefulRestart() throws ConfigException {
        assertEquals(-1, peer().longLivedStaleTime());
        assertEquals(86400, peer("graceful-restart: { restart-time: 30, long-lived-stale-time: 86400 }").longLivedStaleTime());
        assertOnly(withPeer("graceful-restart: { long-lived-stale-time: 16777216 }"), 8, 48, "24 bits");
        assertOnly(withPeer("graceful-restart: { enabled: false, long-lived-stale-time: 60 }"), 8, 41, "needs graceful");
    }

    @Test
    void extendedMessageIsOfferedUnlessTurnedOff() throws ConfigException {
        assertTrue(peer().extendedMessage(), "RFC 8654 capability offered by default");
        assertFalse(peer("extended-message: false").extendedMessage());
        assertTrue(peer("extended-message: true").extendedMessage());
    }

    @Test
    void extendedMessageMustBeABoolean() {
        var e = Yaml.only(withPeer("extended-message: yes"));
        Yaml.assertError(e, 8, 23, "must be true or false");
        assertTrue(e.toString().startsWith("t.yaml:8:23: "), e::toString);
    }
}
