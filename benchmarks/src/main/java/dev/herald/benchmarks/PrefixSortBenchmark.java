package dev.herald.benchmarks;

import dev.herald.codec.Prefix;
import dev.herald.codec.PrefixSort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sorting one initial-table slice the way an UPDATE batch does before packing: {@code prefixes}
 * IPv4 /32s in hash-table order (shuffled, seeded), each from its own place in a heap of a million
 * prefixes as in the RIB. {@code objects}: {@code List.sort} by {@link Prefix#compareTo};
 * {@code primitive}: {@link PrefixSort}. One operation sorts one slice.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrefixSortBenchmark {
    @Param({"1000", "20000"})
    public int prefixes;

    @Param({"objects", "primitive"})
    public String how;

    private final List<Prefix> slice = new ArrayList<>();
    private List<Prefix> work;

    @Setup
    public void setUp() {
        List<Prefix> table = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            table.add(Prefix.of(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 32));
        }
        Collections.shuffle(table, new Random(20261207L));
        slice.addAll(table.subList(0, prefixes));
        work = new ArrayList<>(slice);
    }

    @Benchmark
    public List<Prefix> sort() {
        work.clear();
        work.addAll(slice);
        if (how.equals("primitive")) {
            PrefixSort.sort(work);
        } else {
            work.sort(null);
        }
        return work;
    }
}
