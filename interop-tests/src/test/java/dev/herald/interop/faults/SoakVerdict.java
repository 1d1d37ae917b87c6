package dev.herald.interop.faults;

import java.util.List;

/**
 * Issue 11's stability criteria over a soak's samples: over the second half of the run, resident
 * memory's max is within 10 % of its min (the first half holds the JVM's heap growing to its
 * working size), and neither threads nor file descriptors rise above the most seen in the first
 * half after the warm-up (the first tenth).
 */
record SoakVerdict(long rssMinKiB, long rssMaxKiB, int threadsFirstHalf, int threadsSecondHalf, int fdsFirstHalf,
        int fdsSecondHalf) {

    static SoakVerdict of(List<ProcSample> samples, double seconds) {
        long warm = (long) (seconds / 10);
        long half = (long) (seconds / 2);
        List<ProcSample> first = samples.stream().filter(s -> s.atSeconds() >= warm && s.atSeconds() < half).toList();
        List<ProcSample> second = samples.stream().filter(s -> s.atSeconds() >= half).toList();
        if (first.isEmpty() || second.isEmpty()) {
            throw new IllegalArgumentException("too few samples for a verdict: " + samples.size());
        }
        return new SoakVerdict(second.stream().mapToLong(ProcSample::rssKiB).min().orElseThrow(),
                second.stream().mapToLong(ProcSample::rssKiB).max().orElseThrow(),
                first.stream().mapToInt(ProcSample::threads).max().orElseThrow(),
                second.stream().mapToInt(ProcSample::threads).max().orElseThrow(),
                first.stream().mapToInt(ProcSample::fds).max().orElseThrow(),
                second.stream().mapToInt(ProcSample::fds).max().orElseThrow());
    }

    double rssSpreadPercent() {
        return 100.0 * (rssMaxKiB - rssMinKiB) / Math.max(1, rssMinKiB);
    }

    boolean stable() {
        return rssSpreadPercent() <= 10.0 && threadsSecondHalf <= threadsFirstHalf && fdsSecondHalf <= fdsFirstHalf;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "second half: RSS %d-%d MiB, spread %.1f %% (limit 10 %%); max threads %d (first half %d), max fds %d (first half %d): %s",
                rssMinKiB / 1024, rssMaxKiB / 1024, rssSpreadPercent(), threadsSecondHalf, threadsFirstHalf, fdsSecondHalf,
                fdsFirstHalf, stable() ? "STABLE" : "NOT STABLE");
    }
}
