package dev.herald.config;

import dev.herald.sources.kernel.KernelSourceSettings;
import dev.herald.rib.PrefixRange;
import static dev.herald.config.Yaml.assertOnly;
import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sources.kernel}: values, defaults, and where each mistake is reported. Keys start at line 10, column 5. */
class KernelConfigTest {
    private static final Yaml.Source<KernelSourceSettings> KERNEL = new Yaml.Source<>("kernel", SourcesConfig::kernel);

    @Test
    void absentMeansNoKernelSource() throws ConfigException {
        assertTrue(ConfigLoader.parse("t.yaml", withPeer()).sources().kernel().isEmpty());
        assertTrue(new SourcesConfig(List.of()).kernel().isEmpty(), "the static-only constructor still works");
    }

    @Test
    void emptyOrBareSectionTakesTheDefaults() throws ConfigException {
        KernelSourceSettings d = KernelSourceSettings.defaults();
        assertEquals(d, KERNEL.parse(withPeer() + "sources:\n  kernel: {}\n"));
        assertEquals(d, KERNEL.parse(withPeer() + "sources:\n  kernel:\n"));
        assertEquals(List.of(254), d.tableIds());
        assertEquals(Set.of(1, 6, 7, 8), d.types());
        assertTrue(d.protocols().isEmpty());
        assertFalse(d.metricAsMed());
    }

    @Test
    void everyKey() throws ConfigException {
        KernelSourceSettings k = KERNEL.parse(KERNEL.with(
                "tables: [10, main, ovnvrf10, 100000]",
                "protocols: [84, static, ovn-not-a-dup-check-below]".replace(", ovn-not-a-dup-check-below", ", boot"),
                "types: [blackhole, unicast]",
                "prefixes: [\"203.0.113.0/24 le 32\", \"2001:db8::/32 ge 48 le 128\", 198.51.100.0/24, \"192.0.2.0/24 ge 28\"]",
                "metric-as-med: true",
                "receive-buffer: 8388608"));
        assertEquals(List.of(10, 254, 100000), k.tableIds());
        assertEquals(List.of("ovnvrf10"), k.tableNames());
        assertEquals(Set.of(84, 4, 3), k.protocols());
        assertEquals(Set.of(6, 1), k.types());
        assertEquals(List.of(
                new PrefixRange(Prefix.parse("203.0.113.0/24"), 24, 32),
                new PrefixRange(Prefix.parse("2001:db8::/32"), 48, 128),
                new PrefixRange(Prefix.parse("198.51.100.0/24"), 24, 24),
                new PrefixRange(Prefix.parse("192.0.2.0/24"), 28, 32)), k.prefixes());
        assertTrue(k.metricAsMed());
        assertEquals(8388608, k.receiveBuffer());
    }

    @Test
    void ovnByName() throws ConfigException {
        assertEquals(Set.of(84), KERNEL.parse(KERNEL.with("protocols: [ovn]")).protocols());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            table: [10]              | 10 |  5 | unknown key 'table' in sources.kernel; did you mean 'tables'?
            protocols: [84, stattic] | 10 | 21 | unknown protocol 'stattic'; did you mean 'static'?
            protocols: [256]         | 10 | 17 | protocol 256 is out of range; it is one byte, 0..255
            protocols: [84, ovn]     | 10 | 21 | duplicate protocol ovn (first used at 10:17)
            types: [blackhol]        | 10 | 13 | unknown route type 'blackhol'; did you mean 'blackhole'?
            receive-buffer: 100      | 10 | 21 | 'receive-buffer' must be 4096..2147483647 bytes, got 100
            metric-as-med: yes       | 10 | 20 | 'metric-as-med' must be true or false
            """)
    void mistakesPointAtTheValue(String line, int row, int column, String fragment) {
        assertOnly(KERNEL.with(line), row, column, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            tables: [0]         | 10 | 14 | table 0 is out of range; tables are 1..4294967295
            tables: ["a b"]     | 10 | 14 | 'a b' is not a table number or name
            tables: [254, main] | 10 | 19 | duplicate table main (first used at 10:14)
            tables: []          | 10 | 13 | 'tables' is empty; leave the key out for the default
            tables: 10          | 10 | 13 | 'tables' must be a list of table numbers or names, got the integer 10
            """)
    void tableZeroAndBadNames(String line, int row, int column, String fragment) {
        assertOnly(KERNEL.with(line), row, column, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            prefixes: ["203.0.113.1/24 le 32"]                          | 10 | 16 | prefix 203.0.113.1/24 has host bits set; did you mean 203.0.113.0/24?
            prefixes: ["203.0.113.0/24 le 33"]                          | 10 | 16 | prefix range '203.0.113.0/24 le 33' needs 24 <= ge <= le <= 32, got ge 24 le 33
            prefixes: ["203.0.113.0/24 ge 16"]                          | 10 | 16 | needs 24 <= ge <= le <= 32, got ge 16 le 32
            prefixes: ["203.0.113.0/24 lt 32"]                          | 10 | 16 | is not a prefix range
            prefixes: ["203.0.113.0/24 le 32", "203.0.113.0/24  le 32"] | 10 | 40 | duplicate prefix range '203.0.113.0/24  le 32' (first used at 10:16)
            """)
    void prefixRangeMistakes(String line, int row, int column, String fragment) {
        assertOnly(KERNEL.with(line), row, column, fragment);
    }

    @Test
    void kernelMustBeAMapping() {
        assertOnly(withPeer() + "sources:\n  kernel: [10]\n", 9, 11, "'sources.kernel' must be a mapping, got a list");
    }
}
