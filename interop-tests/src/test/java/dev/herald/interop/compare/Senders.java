package dev.herald.interop.compare;

import dev.herald.interop.lab.RouterKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The senders of the side-by-side suite by row label, in report order: herald, then the routers
 * it is compared with. "BIRD", "GoBGP" and "FRR" are trixie's (2.17, 3.36, 10.3: the anchors the
 * goals name, so the labels stay as they were); the others are the newest there are, from the sid
 * tree (issue 21). {@code -Dherald.bench.senders=herald,BIRD 3.4} runs only those (a dry run's filter;
 * case-insensitive, unknown names left out: the churn scenario reads it too, with names of its own).
 */
final class Senders {
    static final Map<String, RouterKind> ROUTERS = new LinkedHashMap<>();

    static {
        ROUTERS.put("BIRD", RouterKind.BIRD_TRIXIE);
        ROUTERS.put("BIRD 3.4", RouterKind.BIRD3_SID);
        ROUTERS.put("BIRD 2.20", RouterKind.BIRD_SID);
        ROUTERS.put("GoBGP", RouterKind.GOBGP_TRIXIE);
        ROUTERS.put("GoBGP 4.8", RouterKind.GOBGP_SID);
        ROUTERS.put("FRR", RouterKind.FRR_TRIXIE);
        ROUTERS.put("FRR 10.7", RouterKind.FRR_SID);
    }

    private Senders() {
    }

    /** Every sender's label in report order, or those of {@code -Dherald.bench.senders} (comma-separated). */
    static List<String> all() {
        List<String> every = new ArrayList<>(List.of("herald"));
        every.addAll(ROUTERS.keySet());
        String only = System.getProperty("herald.bench.senders", "");
        if (only.isBlank()) {
            return every;
        }
        // Case-insensitive: CompareChurnBenchmark reads the same property as its enum's names (HERALD,BIRD).
        List<String> picked = Arrays.stream(only.split(",")).map(x -> x.trim().toLowerCase(Locale.ROOT)).toList();
        return every.stream().filter(s -> picked.contains(s.toLowerCase(Locale.ROOT))).toList();
    }

    /** The lab router behind a label; herald has none. */
    static RouterKind kind(String label) {
        RouterKind k = ROUTERS.get(label);
        if (k == null) {
            throw new IllegalArgumentException("no router sender " + label);
        }
        return k;
    }

    /** GoBGP and FRR: loading 1.25M routes and one feed take them minutes, so they get 1 run by default. */
    static boolean slow(String label) {
        return !label.equals("herald") && kind(label).impl() != RouterKind.Impl.BIRD;
    }

    static boolean isFrr(String label) {
        return !label.equals("herald") && kind(label).impl() == RouterKind.Impl.FRR;
    }

    static boolean isGoBgp(String label) {
        return !label.equals("herald") && kind(label).impl() == RouterKind.Impl.GOBGP;
    }

    /** The label in property names: "BIRD 3.4" is {@code bird-3.4} in {@code -Dherald.bench.bulk.runs.bird-3.4=N}. */
    static String key(String label) {
        return label.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** Skips (or, under CI, fails) unless every sender of {@link #all()} is installed. */
    static void requireAll() {
        for (String s : all()) {
            if (!s.equals("herald")) {
                kind(s).require();
            }
        }
    }
}
