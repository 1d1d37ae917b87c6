package dev.herald.rib;

import dev.herald.codec.Prefix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Prefix to the candidates offering it, best first. One source offers at most one candidate per
 * prefix. The value is the {@link RouteFacts} itself when there is one candidate (the usual case:
 * no per-prefix object at all) and a {@code RouteFacts[]} ordered by precedence otherwise. Facts
 * are interned per source, so a million prefixes from one file share one facts object.
 */
final class OriginTable {
    private final PrefixMap table;
    private final SourcePrecedence precedence;
    private final Map<String, Map<RouteFacts, RouteFacts>> interned = new HashMap<>();
    /** Per source: how many prefixes it offers (kept as it changes: metrics read it often). */
    private final Map<String, int[]> offered = new HashMap<>();

    OriginTable(SourcePrecedence precedence) {
        this.precedence = precedence;
        this.table = new PrefixMap();
    }

    /** The raw candidate value (RouteFacts, RouteFacts[], or null) for later comparison. */
    Object get(Prefix p) {
        return table.get(p);
    }

    int size() {
        return table.size();
    }

    static RouteFacts winner(Object v) {
        return v == null ? null : v instanceof RouteFacts f ? f : ((RouteFacts[]) v)[0];
    }

    static List<RouteFacts> candidates(Object v) {
        return v == null ? List.of() : v instanceof RouteFacts f ? List.of(f) : List.of((RouteFacts[]) v);
    }

    static RouteFacts candidateOf(Object v, String source) {
        for (RouteFacts f : candidates(v)) {
            if (f.source().equals(source)) {
                return f;
            }
        }
        return null;
    }

    RouteFacts intern(RouteFacts f) {
        return interned.computeIfAbsent(f.source(), k -> new HashMap<>()).computeIfAbsent(f, k -> k);
    }

    /** Forgets the interned facts of a source (before it hands over a complete new set). */
    void clearInterned(String source) {
        interned.remove(source);
    }

    /** Sets {@code f} as its source's candidate for {@code p}; true if that changed anything. */
    boolean offer(Prefix p, RouteFacts f) {
        Object v = table.get(p);
        if (v == null) {
            table.put(p, f);
            count(f.source(), 1);
            return true;
        }
        RouteFacts[] cur = v instanceof RouteFacts one ? new RouteFacts[] {one} : (RouteFacts[]) v;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i].source().equals(f.source())) {
                if (cur[i].equals(f)) {
                    return false;
                }
                RouteFacts[] next = cur.clone();
                next[i] = f;
                store(p, next);
                return true;
            }
        }
        RouteFacts[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = f;
        store(p, next);
        count(f.source(), 1);
        return true;
    }

    private void count(String source, int delta) {
        int[] c = offered.computeIfAbsent(source, k -> new int[1]);
        c[0] += delta;
        if (c[0] == 0) {
            offered.remove(source);
        }
    }

    /** Prefixes offered per source (a prefix offered by two sources counts for both). */
    Map<String, Integer> offeredBySource() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        offered.forEach((s, c) -> out.put(s, c[0]));
        return out;
    }

    /** Removes {@code source}'s candidate for {@code p}; true if it had one. */
    boolean withdraw(Prefix p, String source) {
        Object v = table.get(p);
        if (v == null) {
            return false;
        }
        if (v instanceof RouteFacts one) {
            if (!one.source().equals(source)) {
                return false;
            }
            table.remove(p);
            count(source, -1);
            return true;
        }
        RouteFacts[] cur = (RouteFacts[]) v;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i].source().equals(source)) {
                RouteFacts[] next = new RouteFacts[cur.length - 1];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                store(p, next);
                count(source, -1);
                return true;
            }
        }
        return false;
    }

    private void store(Prefix p, RouteFacts[] cands) {
        if (cands.length == 1) {
            table.put(p, cands[0]);
        } else {
            Arrays.sort(cands, precedence); // the loser stays, ready to take over
            table.put(p, cands);
        }
    }

    void forEach(BiConsumer<Prefix, Object> action) {
        table.forEach(action);
    }

    /** The table as it is now, unaffected by later changes, to walk in slices ({@link PrefixMap#forEachSlot}). */
    PrefixMap snapshot() {
        return table.copy();
    }

    /** The live table, for a walk that ends before anything changes. */
    PrefixMap live() {
        return table;
    }
}
