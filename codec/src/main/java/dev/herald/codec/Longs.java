package dev.herald.codec;

import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * An immutable run of numbers an attribute carries: the communities of COMMUNITIES and EXTENDED
 * COMMUNITIES, the AS numbers of an AS_PATH segment. The {@code long[]} sibling of {@link Bytes}:
 * a record component of array type would compare by identity and hand out a mutable array (so
 * each read copied it, on the encoder's path too); this type compares by content and lets the
 * encoder read it in place.
 */
public final class Longs {
    public static final Longs EMPTY = new Longs(new long[0]);

    private final long[] values;

    private Longs(long[] values) {
        this.values = values;
    }

    /** A copy of {@code values}, which the caller may change afterwards. */
    public static Longs of(long... values) {
        return values.length == 0 ? EMPTY : new Longs(values.clone());
    }

    /** Takes {@code values} without copying: only for arrays the codec made and nobody else holds. */
    static Longs adopt(long[] values) {
        return values.length == 0 ? EMPTY : new Longs(values);
    }

    public int length() {
        return values.length;
    }

    public long get(int index) {
        return values[index];
    }

    /** A copy of the numbers. */
    public long[] toArray() {
        return values.clone();
    }

    /** The first {@code length} numbers (all, if there are fewer). */
    public Longs head(int length) {
        return length >= values.length ? this : adopt(Arrays.copyOf(values, length));
    }

    public LongStream stream() {
        return Arrays.stream(values);
    }

    /** Each number as {@code format} writes it, comma-separated: the body of the attributes' toString. */
    public String joined(LongFunction<String> format) {
        StringJoiner j = new StringJoiner(",");
        for (long v : values) {
            j.add(format.apply(v));
        }
        return j.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Longs l && Arrays.equals(l.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** As {@link Arrays#toString(long[])}: "[1, 2]". */
    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
