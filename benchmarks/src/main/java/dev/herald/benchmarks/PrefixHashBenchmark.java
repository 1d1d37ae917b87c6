package dev.herald.benchmarks;

import dev.herald.codec.Prefix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * Filling a {@code HashMap} keyed by prefix the way the kernel and OVN sources hold a table:
 * {@code prefixes} consecutive IPv4 /32s. {@code prefix}: {@link Prefix#hashCode} as it is;
 * {@code polynomial}: the same keys under the polynomial byte hash herald used before
 * ({@code Arrays.hashCode(address) * 31 + length}), which gives 22,576 distinct values for 2^20
 * such prefixes. One operation builds the whole map.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PrefixHashBenchmark {
    @Param({"100000", "1000000"})
    public int prefixes;

    @Param({"prefix", "polynomial"})
    public String hash;

    private Object[] keys;

    /** A prefix under the old hash; equal when the prefixes are. */
    private record PolynomialKey(Prefix prefix, int hash) {
        static PolynomialKey of(Prefix p) {
            return new PolynomialKey(p, Arrays.hashCode(p.address()) * 31 + p.length());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PolynomialKey k && k.prefix.equals(prefix);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Setup
    public void setUp() {
        keys = new Object[prefixes];
        for (int i = 0; i < prefixes; i++) {
            Prefix p = Prefix.of(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 32);
            keys[i] = hash.equals("prefix") ? p : PolynomialKey.of(p);
        }
    }

    @Benchmark
    public Map<Object, Integer> fill() {
        Map<Object, Integer> m = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], i);
        }
        return m;
    }
}
