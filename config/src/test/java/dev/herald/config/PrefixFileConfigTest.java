package dev.herald.config;

import static dev.herald.config.Yaml.withPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.codec.Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sources.static: - file: PATH}: the file's format and where its mistakes are reported. */
class PrefixFileConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("prefixes.txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void onePrefixPerLineWithCommentsAndBlankLines() throws Exception {
        Path f = write("# customer blocks\n203.0.113.0/24\n\n  198.51.100.0/24   # trailing comment\n2001:db8::/32\n192.0.2.1\n");
        List<String> bad = new ArrayList<>();
        List<Prefix> ps = PrefixFiles.read(f, (l, c, m) -> bad.add(l + ":" + c + " " + m));
        assertEquals(List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("198.51.100.0/24"), Prefix.parse("2001:db8::/32"),
                Prefix.parse("192.0.2.1/32")), ps);
        assertEquals(List.of(), bad);
        HeraldConfig c = ConfigLoader.parse("t.yaml", withPeer() + "sources:\n  static:\n    - prefix: 192.0.2.0/24\n"
                + "    - file: " + f + "\n");
        assertEquals(List.of(f), c.sources().staticFiles());
        assertEquals(1, c.sources().staticRoutes().size(), "the file's prefixes are not kept in the config");
    }

    @Test
    void badLinesAreReportedWithTheFilesOwnLineAndColumn() throws Exception {
        Path f = write("203.0.113.0/24\n  203.0.113.1/24\n198.51.100.0/24 198.51.101.0/24\nbanana\n");
        List<ConfigError> errors = Yaml.errors(withPeer() + "sources:\n  static:\n    - file: " + f + "\n");
        assertEquals(3, errors.size(), errors::toString);
        assertEquals(f.toString(), errors.get(0).file());
        assertEquals("2:3", errors.get(0).line() + ":" + errors.get(0).column());
        assertTrue(errors.get(0).message().contains("host bits"), errors.get(0)::message);
        assertEquals("3:1", errors.get(1).line() + ":" + errors.get(1).column());
        assertTrue(errors.get(1).message().contains("one prefix per line"));
        assertTrue(errors.get(2).message().contains("'banana' is not a prefix"));
    }

    @Test
    void missingFileAndMixedEntryAreConfigErrors() {
        Yaml.assertOnly(withPeer() + "sources:\n  static:\n    - file: /nonexistent/herald-prefixes.txt\n", 10, 13,
                "no such file");
        Yaml.assertOnly(withPeer() + "sources:\n  static:\n    - { prefix: 192.0.2.0/24, file: /x }\n", 10, 31,
                "either '- prefix: ...' or '- file: ...'");
    }
}
