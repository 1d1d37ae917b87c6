package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Test helpers: build small configs and check where their errors point. */
final class Yaml {
    /** Lines 1-3. */
    static final String ROUTER = """
            router:
              asn: 65010
              router-id: 192.0.2.1
            """;

    private Yaml() {
    }

    /**
     * A config with one peer; the extra lines are indented as peer keys and start at line 8,
     * column 5.
     */
    static String withPeer(String... extra) {
        return withKeys(ROUTER
                + "peers:\n"                       // 4
                + "  - name: a\n"                  // 5
                + "    address: 198.18.0.1\n"      // 6
                + "    asn: 65001\n", extra);      // 7
    }

    /**
     * {@link #withPeer()} plus the section {@code sources.<source>} (lines 8 and 9); the lines are
     * its keys, starting at line 10, column 5.
     */
    static String withSource(String source, String... lines) {
        return withKeys(withPeer() + "sources:\n  " + source + ":\n", lines);
    }

    /** The section {@code sources.<name>}: configs with it, and its settings parsed from them. */
    record Source<T>(String name, Function<SourcesConfig, Optional<T>> settings) {
        /** {@link Yaml#withSource} of this section: its keys start at line 10, column 5. */
        String with(String... lines) {
            return withSource(name, lines);
        }

        T parse(String yaml) throws ConfigException {
            return settings.apply(ConfigLoader.parse("t.yaml", yaml).sources()).orElseThrow();
        }
    }

    /** {@code head} and then {@code lines}, each indented four spaces: keys at column 5. */
    static String withKeys(String head, String... lines) {
        StringBuilder sb = new StringBuilder(head);
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    static List<ConfigError> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.yaml", yaml));
        return e.errors();
    }

    static ConfigError only(String yaml) {
        List<ConfigError> all = errors(yaml);
        assertEquals(1, all.size(), () -> "expected one error, got " + all);
        return all.getFirst();
    }

    static void assertError(ConfigError e, int line, int column, String fragment) {
        assertEquals("t.yaml", e.file());
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), e::toString);
        assertTrue(e.message().contains(fragment), () -> "'" + e.message() + "' should contain '" + fragment + "'");
    }

    static void assertOnly(String yaml, int line, int column, String fragment) {
        assertError(only(yaml), line, column, fragment);
    }
}
