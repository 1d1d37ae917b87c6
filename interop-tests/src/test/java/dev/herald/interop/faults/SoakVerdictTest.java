package dev.herald.interop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    /** 100 s of samples every 10 s: RSS rss(t) MiB, threads and fds as given for the second half. */
    private static List<ProcSample> run(long firstHalfRss, long secondHalfMin, long secondHalfMax, int threads2, int fds2) {
        List<ProcSample> out = new ArrayList<>();
        for (long t = 0; t <= 100; t += 10) {
            boolean second = t >= 50;
            long rss = !second ? firstHalfRss : t == 70 ? secondHalfMax : secondHalfMin;
            out.add(new ProcSample(t, rss * 1024, second ? threads2 : 30, second ? fds2 : 24, t * 1000));
        }
        return out;
    }

    @Test
    void warmUpGrowthInTheFirstHalfDoesNotCount() {
        SoakVerdict v = SoakVerdict.of(run(100, 360, 369, 30, 24), 100);
        assertTrue(v.stable(), v.toString());
        assertEquals(2.5, v.rssSpreadPercent(), 0.01);
    }

    @Test
    void moreThanTenPercentSpreadInTheSecondHalfIsUnstable() {
        assertFalse(SoakVerdict.of(run(300, 300, 331, 30, 24), 100).stable());
    }

    @Test
    void aThreadOrDescriptorMoreThanTheFirstHalfEverHadIsGrowth() {
        assertFalse(SoakVerdict.of(run(300, 300, 300, 31, 24), 100).stable());
        assertFalse(SoakVerdict.of(run(300, 300, 300, 30, 25), 100).stable());
        assertTrue(SoakVerdict.of(run(300, 300, 300, 29, 23), 100).stable());
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        assertThrows(IllegalArgumentException.class, () -> SoakVerdict.of(List.of(new ProcSample(0, 1, 1, 1, 0)), 100));
    }
}
