package dev.herald.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reports the second and later occurrences of a value that must be unique, pointing back at the first. */
final class Duplicates<K> {
    private final String what;
    private final Problems problems;
    private final Map<K, Mark> first = new HashMap<>();

    /** @param what how messages name the value, for example "peer name" */
    Duplicates(String what, Problems problems) {
        this.what = what;
        this.problems = problems;
    }

    /**
     * The list's items, each read by {@code item}, in order and each once: an item the reader
     * refuses is reported by it and left out, a repeat is reported here and left out.
     *
     * @param what how messages name one value, for example "family"
     * @param text how a repeat is written in its message
     */
    static <T> List<T> readUnique(YamlNode.Sequence seq, String key, Problems problems, String what,
            ValueReader<T> item, Function<? super T, String> text) {
        List<T> out = new ArrayList<>();
        Duplicates<T> seen = new Duplicates<>(what, problems);
        for (YamlNode i : seq.items()) {
            T v = item.read(i, key, problems);
            if (v != null && seen.add(v, text.apply(v), i.mark())) {
                out.add(v);
            }
        }
        return out;
    }

    /** Records key at mark; false (with an error) when it was seen before. */
    boolean add(K key, String text, Mark at) {
        Mark earlier = first.putIfAbsent(key, at);
        if (earlier != null) {
            problems.error(at, "duplicate " + what + " " + text + " (first used at " + earlier + ")");
            return false;
        }
        return true;
    }
}
