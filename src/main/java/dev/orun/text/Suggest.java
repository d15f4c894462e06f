package dev.orun.text;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean": the candidate nearest a mistyped word, when it is near enough to be a typo. */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate closest to {@code word} by edit distance (a swap of two neighbours counts one), or null when none
     * is within a third of the word's length (at least 1, at most 3); compared ignoring case.
     */
    public static String near(String word, Collection<String> candidates) {
        if (word == null || word.isEmpty()) {
            return null;
        }
        String w = word.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, w.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            if (lc.equals(w)) {
                return c;
            }
            int d = distance(w, lc);
            if (lc.startsWith(w) && w.length() >= 2) {
                d = Math.min(d, 1); // a prefix: "ini" for "init"
            }
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
