package dev.herald.sources;

import dev.herald.codec.Prefix;
import java.util.Set;
import java.util.TreeSet;

/** Prefix sets written as text in tests. */
public final class TestPrefixes {
    private TestPrefixes() {
    }

    /** The prefixes, sorted, so a failed comparison reads in order. */
    public static Set<Prefix> set(String... prefixes) {
        Set<Prefix> s = new TreeSet<>();
        for (String p : prefixes) {
            s.add(Prefix.parse(p));
        }
        return s;
    }
}
