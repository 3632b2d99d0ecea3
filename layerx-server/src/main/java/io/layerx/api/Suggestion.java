package io.layerx.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known word a misspelt one was probably meant to be. */
final class Suggestion {
    private Suggestion() {
    }

    /** The closest of {@code known} within two edits of {@code word}, if any. */
    static Optional<String> closest(String word, Collection<String> known) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        return known.stream()
                .filter(k -> distance(w, k) <= 2)
                .min(Comparator.comparingInt(k -> distance(w, k)));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
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
