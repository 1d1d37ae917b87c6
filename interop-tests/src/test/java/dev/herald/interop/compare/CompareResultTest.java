package dev.herald.interop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareResultTest {
    @Test
    void writesEveryFieldAndEscapesText() {
        CompareResult r = new CompareResult("bulk-bird", "Bulk \"1M\"", "s", "BIRD 2.17", "at most 1.0x BIRD",
                "Established to\nfull table", List.of(new CompareResult.Row("herald", "0.1", List.of(1.5, 2.25), "")));
        String json = r.toJson();
        assertTrue(json.contains("\"title\": \"Bulk \\\"1M\\\"\""), json);
        assertTrue(json.contains("\"method\": \"Established to\\nfull table\""), json);
        assertTrue(json.contains("\"runs\": [1.5000, 2.2500]"), json);
    }

    @Test
    void writesABudgetOnlyWhereARunWentOverIt() {
        CompareResult r = new CompareResult("bulk-frr", "Bulk", "s", "FRR 10.3", "", "",
                List.of(new CompareResult.Row("herald", "0.1", List.of(1.0), ""),
                        new CompareResult.Row("GoBGP", "3.36", List.of(), "over", 150.0)));
        String json = r.toJson();
        assertTrue(json.contains("\"runs\": [], \"budget\": 150.0000, \"note\": \"over\""), json);
        assertEquals(1, json.split("budget", -1).length - 1, json);
    }

    @Test
    void writesCpuSecondsOnlyWhereMeasured() {
        CompareResult r = new CompareResult("fresh", "Fresh", "s", "BIRD 2.17", "", "",
                List.of(new CompareResult.Row("herald", "0.1", List.of(3.0), "", null, List.of(4.25)),
                        new CompareResult.Row("BIRD", "2.17", List.of(2.0), "")));
        String json = r.toJson();
        assertTrue(json.contains("\"runs\": [3.0000], \"cpu\": [4.2500], \"note\""), json);
        assertEquals(1, json.split("\"cpu\"", -1).length - 1, json);
    }

    @Test
    void quotesControlCharacters() {
        assertEquals("\"a\\u0001b\"", CompareResult.quote("a\u0001b"));
    }
}
