package dev.herald.bgpd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** MetricsTest's parser refuses what Prometheus would refuse, so its passing means something. */
class ExpositionTest {
    private static final String GOOD_TEXT = """
            # HELP a_total A.
            # TYPE a_total counter
            a_total{x="1"} 3.0
            # HELP h H.
            # TYPE h histogram
            h_bucket{le="1.0"} 1
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 1.5
            """;
    private static final String GOOD_OM = """
            # TYPE a counter
            # HELP a A.
            a_total{x="1"} 3.0
            # EOF
            """;

    @Test
    void wellFormedInputIsRead() {
        assertEquals(3.0, Exposition.text(GOOD_TEXT).get("a_total", "x", "1"));
        assertEquals(2.0, Exposition.text(GOOD_TEXT).get("h_count"));
        assertEquals(3.0, Exposition.openMetrics(GOOD_OM).get("a_total", "x", "1"));
    }

    @Test
    void malformedInputIsRefused() {
        String[] text = {
            GOOD_TEXT + "# TYPE a_total counter\n", // TYPE twice
            GOOD_TEXT + "# HELP h again\n", // HELP twice, apart from its family
            "b 1\n", // a sample of an undeclared family
            GOOD_TEXT + "a_total{x=\"2\"} 1\n", // a family's samples apart
            "# HELP c C.\n# TYPE c counter\nc 1\n", // a counter without _total
            GOOD_TEXT + "# HELP d D.\n# TYPE d gauge\nd{x=\"1} 1\n", // an unterminated label value
            GOOD_TEXT + "# HELP d D.\n# TYPE d gauge\nd one\n", // not a number
            GOOD_TEXT + "# HELP d D.\n# TYPE d gauge\nd 1\nd 2\n", // a series twice
            GOOD_TEXT.replace("h_count 2", "h_count 3"), // +Inf bucket and _count disagree
            GOOD_TEXT.replace("h_bucket{le=\"1.0\"} 1", "h_bucket{le=\"1.0\"} 5"), // buckets not cumulative
            GOOD_TEXT.replace("h_sum 1.5", "h_sum 1.5\n"), // an empty line
            GOOD_TEXT.replace("# EOF", "") + "# EOF\n", // # EOF in the text format
        };
        for (String t : text) {
            assertThrows(AssertionFailedError.class, () -> Exposition.text(t), t);
        }
        String[] om = {
            GOOD_OM.replace("# EOF\n", ""), // no # EOF
            GOOD_OM.replace("# TYPE a counter", "# TYPE a_total counter").replace("# HELP a A.", "# HELP a_total A."),
            GOOD_OM + "b 1\n", // after # EOF
        };
        for (String t : om) {
            assertThrows(AssertionFailedError.class, () -> Exposition.openMetrics(t), t);
        }
    }
}
