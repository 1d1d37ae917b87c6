package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The {@code drain:} section. */
class DrainConfigTest {
    private static final String BASE = """
            router: { asn: 65010, router-id: 192.0.2.1 }
            peers:
              - { name: a, address: 198.18.0.1, asn: 65001 }
            """;

    @Test
    void prependDefaultsToZeroAndIsRead() throws Exception {
        assertEquals(DrainConfig.DEFAULT, ConfigLoader.parse("t.yaml", BASE).drain());
        assertEquals(new DrainConfig(3), ConfigLoader.parse("t.yaml", BASE + "drain: { prepend: 3 }\n").drain());
        assertEquals(new DrainConfig(0, java.time.Duration.ofSeconds(30)),
                ConfigLoader.parse("t.yaml", BASE + "drain: { before-stop: 30 }\n").drain());
    }

    @Test
    void aPrependOutOfRangeIsRefused() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("t.yaml", BASE + "drain: { prepend: 65 }\n"));
        assertTrue(e.getMessage().contains("'prepend' must be 0..64"), e.getMessage());
    }
}
