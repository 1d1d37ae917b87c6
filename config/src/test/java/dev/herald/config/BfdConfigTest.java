package dev.herald.config;

import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** A peer's {@code bfd:} section (issue 19): defaults as FRR bfdd, durations, and each mistake positioned. */
class BfdConfigTest {
    private static BfdConfig bfd(String... lines) throws ConfigException {
        return PeerOptionsTest.peer(lines).bfd();
    }

    @Test
    void offUnlessConfigured() throws ConfigException {
        assertEquals(BfdConfig.OFF, bfd());
        assertFalse(bfd().enabled());
    }

    @Test
    void emptySectionIsFrrDefault() throws ConfigException {
        assertEquals(new BfdConfig(true, 300, 300, 3), bfd("bfd: {}"));
        assertEquals(new BfdConfig(true, 300, 300, 3), bfd("bfd: { enabled: true }"));
        assertEquals(BfdConfig.defaults(), bfd("bfd: {}"));
    }

    @Test
    void everyKeyAndDurationForm() throws ConfigException {
        assertEquals(new BfdConfig(true, 100, 250, 5), bfd("bfd: { min-rx: 100ms, min-tx: 250, multiplier: 5 }"));
        assertEquals(new BfdConfig(true, 1000, 2000, 3), bfd("bfd: { min-rx: 1s, min-tx: 2s }"));
        assertEquals(new BfdConfig(false, 50, 300, 3), bfd("bfd: { enabled: false, min-rx: 50ms }"));
        assertEquals(new BfdConfig(true, 10, 60000, 255), bfd("bfd: { min-rx: 10ms, min-tx: 60s, multiplier: 255 }"));
    }

    @Test
    void badDuration() {
        assertOnly(withPeer("bfd: { min-rx: 300us }"), 8, 20, "such as 300ms or 1s");
        assertOnly(withPeer("bfd: { min-tx: fast }"), 8, 20, "such as 300ms or 1s");
        assertOnly(withPeer("bfd: { min-tx: 0.5 }"), 8, 20, "such as 300ms or 1s");
    }

    @Test
    void intervalOutOfRange() {
        assertOnly(withPeer("bfd: { min-rx: 5ms }"), 8, 20, "from 10ms to 60s, got 5ms");
        assertOnly(withPeer("bfd: { min-tx: 61s }"), 8, 20, "from 10ms to 60s, got 61000ms");
        assertOnly(withPeer("bfd: { min-tx: 0 }"), 8, 20, "from 10ms to 60s");
    }

    @Test
    void multiplierOutOfRange() {
        assertOnly(withPeer("bfd: { multiplier: 1 }"), 8, 24, "2..255");
        assertOnly(withPeer("bfd: { multiplier: 256 }"), 8, 24, "2..255");
        assertOnly(withPeer("bfd: { multiplier: three }"), 8, 24, "must be an integer");
    }

    @Test
    void enabledMustBeABoolean() {
        assertOnly(withPeer("bfd: { enabled: on }"), 8, 21, "must be true or false");
    }

    @Test
    void unknownKeySuggestsTheRightOne() {
        assertOnly(withPeer("bfd: { min_rx: 100ms }"), 8, 12, "did you mean 'min-rx'");
        assertOnly(withPeer("bfd: { interval: 100ms }"), 8, 12, "unknown key 'interval' in bfd");
    }

    @Test
    void notAMapping() {
        assertOnly(withPeer("bfd: true"), 8, 10, "'bfd' must be a mapping");
    }

    @Test
    void errorsNameFileLineColumn() {
        ConfigError e = Yaml.only(withPeer("bfd:", "  min-rx: 2ms"));
        assertEquals("t.yaml:9:15: 'min-rx' must be from 10ms to 60s, got 2ms", e.toString());
    }

    @Test
    void minimumTtlForAMultihopPeer() throws ConfigException {
        assertEquals(0, bfd("bfd: {}").minimumTtl());
        assertEquals(254, bfd("bfd: {}").minimumTtl(2), "default 256 - ebgp-multihop, as FRR");
        BfdConfig bird = bfd("ebgp-multihop: 3", "bfd: { minimum-ttl: 64 }");
        assertEquals(new BfdConfig(true, 300, 300, 3, 64), bird);
        assertEquals(64, bird.minimumTtl(3));
        assertEquals(255, bfd("ebgp-multihop: 2", "bfd: { minimum-ttl: 255 }").minimumTtl(2));
    }

    @Test
    void minimumTtlOutOfRangeOrWithoutMultihop() {
        assertOnly(withPeer("ebgp-multihop: 2", "bfd: { minimum-ttl: 0 }"), 9, 25, "1..255, got 0");
        assertOnly(withPeer("ebgp-multihop: 2", "bfd: { minimum-ttl: 256 }"), 9, 25, "1..255, got 256");
        assertOnly(withPeer("bfd: { minimum-ttl: 64 }"), 8, 25, "is for multihop BFD (RFC 5883) only");
    }
}
