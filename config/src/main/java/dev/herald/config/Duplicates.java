package dev.herald.config;

import java.util.HashMap;
import java.util.Map;

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
