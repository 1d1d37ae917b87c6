package dev.herald.config;

import java.util.Collection;

/** Finds the known key a misspelt one was probably meant to be. */
final class KeySuggester {
    private KeySuggester() {
    }

    /** The closest candidate, or null when none is close enough to be a plausible typo. */
    static String closest(String key, Collection<String> candidates) {
        String normalized = normalize(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(normalized, normalize(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        // Short keys differ from each other by two or three edits, so only accept small slips.
        int allowed = Math.max(1, Math.min(3, key.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Treats hold_time, holdTime and hold-time alike: people bring habits from other tools. */
    private static String normalize(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '-' || c == ' ') {
                continue;
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
