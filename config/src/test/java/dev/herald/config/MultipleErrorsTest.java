package dev.herald.config;

import static dev.herald.config.Yaml.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** One pass reports everything, in file order, each at its own position. */
class MultipleErrorsTest {
    private static final String FIVE_ERRORS = """
            router:
              asn: 23456
              router-id: 192.0.2.1
            peers:
              - name: tor1
                address: 198.18.0.1
                asn: 65001
                hold-time: 2
              - name: tor1
                address: 198.18.0.3
                asn: 65002
                famlies: [ipv4-unicast]
            sources:
              static:
                - prefix: 203.0.113.7/24
            """;

    @Test
    void allFiveErrorsAreReportedWithTheirPositions() {
        List<ConfigError> errors = Yaml.errors(FIVE_ERRORS);
        assertEquals(5, errors.size(), errors::toString);
        assertError(errors.get(0), 2, 8, "AS_TRANS");
        assertError(errors.get(1), 8, 16, "'hold-time' must be 0 (no keepalives) or at least 3 seconds");
        assertError(errors.get(2), 9, 11, "duplicate peer name 'tor1' (first used at 5:11)");
        assertError(errors.get(3), 12, 5, "unknown key 'famlies' in peer; did you mean 'families'?");
        assertError(errors.get(4), 15, 15, "did you mean 203.0.113.0/24?");
    }
}
