package dev.orun.gate;

import java.util.HashSet;
import java.util.Set;

/**
 * The seed's {@code countSources}: the highest of four counts — H3 headings that are not section headings
 * ("Primary Sources", "Notes", …), distinct URLs, {@code - **URL**:}-style entries, and top-level bullets of
 * more than ten characters. The seed's five patterns ({@link #PATTERNS}) are matched here by hand, as
 * {@link JsRegex} matches them (JavaScript's line terminators, whitespace and {@code ^} of the {@code m} flag;
 * {@code i} as JsRegex folds case): compiled and run by the regex engine, interpreted, they cost a gate finish
 * ~60 ms on a 10 KB research file, this ~2. {@code SourceCountTest} holds the two to one count on the seed's
 * research files and on random texts. Linear in the text: no time limit is needed.
 */
record SourceCount(int headings, int urls, int structured, int bullets) {
    /** The seed's patterns this counts by (the test's oracle): section, H3, URL, structured entry, bullet. */
    static final String[][] PATTERNS = {
            {"^###\\s+(primary|secondary|tertiary|tier\\s+\\d|notes|references|bibliography|sources|overview)", "i"},
            {"^###\\s+.+", "gm"},
            {"https?:\\/\\/[^\\s\\)>\\]]+", "g"},
            {"^-\\s+\\*\\*(URL|Source|Reference)\\*\\*:", "gim"},
            {"^- \\S.{10,}", "gm"}};

    private static final String[] SECTIONS = {"primary", "secondary", "tertiary", "notes", "references", "bibliography",
            "sources", "overview"};
    private static final String[] ENTRIES = {"URL", "Source", "Reference"};

    /** The count of {@code text}: linear in it, so no time limit applies (the patterns' own run had one). */
    static SourceCount of(String text) {
        int[] starts = lineStarts(text);
        return new SourceCount(headings(text, starts), urls(text), structured(text, starts), bullets(text, starts));
    }

    int best() {
        return Math.max(Math.max(headings, urls), Math.max(structured, bullets));
    }

    /** Which count won, and the others, for the message. */
    String how() {
        return Check.count(headings, "source heading") + ", " + Check.count(urls, "distinct URL") + ", "
                + structured + (structured == 1 ? " **URL**/**Source** entry" : " **URL**/**Source** entries") + ", "
                + Check.count(bullets, "bullet") + "; the highest counts";
    }

    /** JavaScript's line terminators (what {@code .} does not match and after which {@code ^} of {@code m} does). */
    static boolean terminator(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** JavaScript's {@code \s}. */
    static boolean space(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == '\u00A0'
                || c == '\u1680' || c >= '\u2000' && c <= '\u200A' || c == '\u2028' || c == '\u2029' || c == '\u202F'
                || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }

    /** Where {@code ^} of the {@code m} flag holds: 0 and after each line terminator (the text's end included). */
    static int[] lineStarts(String t) {
        int n = 1;
        int len = t.length();
        for (int i = 0; i < len; i++) {
            if (terminator(t.charAt(i))) {
                n++;
            }
        }
        int[] starts = new int[n];
        int k = 1;
        for (int i = 0; i < len && k < n; i++) {
            if (terminator(t.charAt(i))) {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** The end of the run of {@code \s} from {@code p}. */
    private static int spaces(String t, int p) {
        while (p < t.length() && space(t.charAt(p))) {
            p++;
        }
        return p;
    }

    /** The end of the run of {@code .} (no line terminator) from {@code p}. */
    private static int line(String t, int p) {
        while (p < t.length() && !terminator(t.charAt(p))) {
            p++;
        }
        return p;
    }

    /**
     * Case-insensitive as JsRegex's {@code i} (Java's CASE_INSENSITIVE with UNICODE_CASE), char by char, against a word
     * of ASCII letters: ASCII by its case bit, anything else by Unicode's folding (the long s is an s, the Kelvin sign
     * a k, a dotted capital I an i).
     */
    private static boolean folds(String t, int p, String word) {
        if (p + word.length() > t.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = t.charAt(p + i);
            char w = word.charAt(i);
            if (c < 128 ? (c | 0x20) != (w | 0x20)
                    : Character.toLowerCase(Character.toUpperCase(c)) != Character.toLowerCase(Character.toUpperCase(w))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code /^###\s+.+/gm} not matched by {@code /^###\s+(primary|…|tier\s+\d|…)/i}: at each line start, "###", the
     * longest run of {@code \s} that {@code .+} can follow (it may cross lines, as the pattern's does), then the rest
     * of that line. The search goes on from a match's end, as a global one does.
     */
    static int headings(String t, int[] starts) {
        int n = 0;
        int len = t.length();
        int resume = 0;
        for (int p : starts) {
            if (p < resume || !t.startsWith("###", p)) {
                continue;
            }
            int e = spaces(t, p + 3);
            int k = e; // where .+ starts: the greedy \s+ gives back one at a time until a non-terminator follows
            while (k > p + 3 && (k == len || terminator(t.charAt(k)))) {
                k--;
            }
            if (k > p + 3) {
                int end = line(t, k);
                if (!section(t, p, end)) {
                    n++;
                }
                resume = end;
            }
        }
        return n;
    }

    /** Whether the heading {@code t[from, to)} (starting "###") is a section heading. */
    private static boolean section(String t, int from, int to) {
        String h = t.substring(from, to);
        int w = spaces(h, 3);
        if (w == 3) {
            return false;
        }
        for (String s : SECTIONS) {
            if (folds(h, w, s)) {
                return true;
            }
        }
        if (folds(h, w, "tier")) {
            int d = spaces(h, w + 4);
            return d > w + 4 && d < h.length() && h.charAt(d) >= '0' && h.charAt(d) <= '9';
        }
        return false;
    }

    /** Distinct matches of {@code /https?:\/\/[^\s\)>\]]+/g}. */
    static int urls(String t) {
        Set<String> seen = new HashSet<>();
        int len = t.length();
        int p = t.indexOf("http", 0);
        while (p >= 0) {
            int body = t.startsWith("https://", p) ? p + 8 : t.startsWith("http://", p) ? p + 7 : -1;
            int end = body;
            while (end >= 0 && end < len && !urlEnd(t.charAt(end))) {
                end++;
            }
            if (body >= 0 && end > body) {
                seen.add(t.substring(p, end));
                p = t.indexOf("http", end);
            } else {
                p = t.indexOf("http", p + 1);
            }
        }
        return seen.size();
    }

    private static boolean urlEnd(char c) {
        return space(c) || c == ')' || c == '>' || c == ']';
    }

    /** Matches of {@code /^-\s+\*\*(URL|Source|Reference)\*\*:/gim}. */
    static int structured(String t, int[] starts) {
        int n = 0;
        int resume = 0;
        for (int p : starts) {
            if (p < resume || p >= t.length() || t.charAt(p) != '-') {
                continue;
            }
            int s = spaces(t, p + 1);
            if (s > p + 1 && t.startsWith("**", s)) {
                for (String word : ENTRIES) {
                    int after = s + 2 + word.length();
                    if (folds(t, s + 2, word) && t.startsWith("**:", after)) {
                        n++;
                        resume = after + 3;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** Matches of {@code /^- \S.{10,}/gm}: each ends at its line's end, so no later line start is inside one. */
    static int bullets(String t, int[] starts) {
        int n = 0;
        int len = t.length();
        for (int p : starts) {
            if (p + 2 < len && t.charAt(p) == '-' && t.charAt(p + 1) == ' ' && !space(t.charAt(p + 2))
                    && line(t, p + 3) - (p + 3) >= 10) {
                n++;
            }
        }
        return n;
    }
}
