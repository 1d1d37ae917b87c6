package dev.herald.sources.lxd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every spelling LXD's validator accepts, read as LXD's shared.IsTrue reads it. */
class LxdBoolTest {
    @Test
    void trueSpellings() {
        for (String v : List.of("true", "TRUE", "True", "tRuE", "yes", "YES", "Yes", "on", "ON", "On", "1")) {
            assertTrue(LxdBool.isTrue(v), v);
        }
    }

    @Test
    void falseSpellingsEmptyAbsentAndAnythingElse() {
        for (String v : Arrays.asList("false", "FALSE", "False", "no", "NO", "off", "OFF", "0", "", null, " true", "true ",
                "y", "enabled", "2")) {
            assertFalse(LxdBool.isTrue(v), String.valueOf(v));
        }
    }
}
