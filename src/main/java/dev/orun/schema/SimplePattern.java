package dev.orun.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A matcher for the small subset of regular expressions orun's record schema uses in its {@code pattern} keywords,
 * so that checking a record loads no {@code java.util.regex} (its first compile costs a fresh process 5-10 ms, and
 * its character classes link lambdas). The subset, whose meaning is the same in ECMA-262 and java.util.regex: an
 * optional {@code ^} first and {@code $} last; literal characters; {@code \d}; a backslash before ASCII punctuation
 * ({@code \.}); bracket classes of literal characters, ranges and {@code \d} ({@code [a-z0-9._-]}); groups
 * {@code (...)} and {@code (?:...)}; each atom with at most one greedy quantifier {@code ? * + {n} {n,} {n,m}}.
 * {@link #parse} refuses (null) anything else — alternation, {@code .}, negated classes, other escapes, lazy or
 * possessive quantifiers, flags — and the caller then uses java.util.regex. {@code $} matches only at the very end
 * of the text, as in ECMA-262 (java.util.regex also before a final line break). A match is searched for anywhere in
 * the text unless the pattern starts with {@code ^}, by backtracking (the texts are short); SimplePatternTest holds
 * the verdicts to java.util.regex's on fuzzed texts.
 */
final class SimplePattern implements java.util.function.Predicate<String> {
    /** Repetitions a quantifier may name: larger ones are refused (a typo, or not orun's schema). */
    private static final int MAX_REPEAT = 1000;
    /** Backtracking steps one search may take; past them {@link #find} answers false (for the validator: "ask"). */
    private static final int MAX_STEPS = 1_000_000;

    /** One atom and its quantifier: a set of characters ({@code group == null}) or a group. */
    static final class Item {
        final long low;
        final long high;
        final int[] ranges;
        final Item[] group;
        final int min;
        final int max;

        Item(long low, long high, int[] ranges, Item[] group, int min, int max) {
            this.low = low;
            this.high = high;
            this.ranges = ranges;
            this.group = group;
            this.min = min;
            this.max = max;
        }

        boolean has(char c) {
            if (c < 64) {
                return (low >>> c & 1) != 0;
            }
            if (c < 128) {
                return (high >>> (c - 64) & 1) != 0;
            }
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What remains to match after a group's body: the rest of the enclosing sequence, via this loop. */
    private static final class Rest {
        final Item[] seq;
        final int index;
        final int count;
        final int start;
        final Rest outer;

        Rest(Item[] seq, int index, int count, int start, Rest outer) {
            this.seq = seq;
            this.index = index;
            this.count = count;
            this.start = start;
            this.outer = outer;
        }
    }

    final Item[] items;
    final boolean anchoredStart;
    final boolean anchoredEnd;
    private String text;
    private int steps;

    private SimplePattern(Item[] items, boolean anchoredStart, boolean anchoredEnd) {
        this.items = items;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    /** The pattern, or null when it is outside the subset (use java.util.regex). */
    static SimplePattern parse(String pattern) {
        Parser p = new Parser(pattern);
        boolean start = p.eat('^');
        Item[] items = p.sequence(0);
        if (items == null) {
            return null;
        }
        boolean end = false;
        if (p.pos < pattern.length() && pattern.charAt(p.pos) == '$' && p.pos == pattern.length() - 1) {
            end = true;
            p.pos++;
        }
        return p.pos == pattern.length() ? new SimplePattern(items, start, end) : null;
    }

    /** {@link #find}, for the validator's table of patterns. */
    @Override
    public boolean test(String s) {
        return find(s);
    }

    /** Whether the text holds a match (at its start with {@code ^}, ending at its very end with {@code $}). */
    synchronized boolean find(String s) {
        text = s;
        steps = 0;
        try {
            int last = anchoredStart ? 0 : s.length();
            for (int from = 0; from <= last; from++) {
                if (match(items, 0, from, null)) {
                    return true;
                }
                if (steps > MAX_STEPS) {
                    return false;
                }
            }
            return false;
        } finally {
            text = null;
        }
    }

    private boolean match(Item[] seq, int i, int pos, Rest rest) {
        if (++steps > MAX_STEPS) {
            return false;
        }
        if (i == seq.length) {
            if (rest == null) {
                return !anchoredEnd || pos == text.length();
            }
            // A group's body ended: an empty iteration past the minimum adds nothing (and would loop for ever).
            if (pos == rest.start && rest.count >= rest.seq[rest.index].min) {
                return false;
            }
            return repeat(rest.seq, rest.index, rest.count + 1, pos, rest.outer);
        }
        Item it = seq[i];
        if (it.group != null) {
            return repeat(seq, i, 0, pos, rest);
        }
        int n = 0;
        while ((it.max < 0 || n < it.max) && pos + n < text.length() && it.has(text.charAt(pos + n))) {
            n++;
        }
        for (; n >= it.min; n--) {
            if (match(seq, i + 1, pos + n, rest)) {
                return true;
            }
        }
        return false;
    }

    /** Group {@code seq[i]} has matched {@code count} times, up to {@code pos}: once more (greedy), or go on. */
    private boolean repeat(Item[] seq, int i, int count, int pos, Rest rest) {
        Item g = seq[i];
        if ((g.max < 0 || count < g.max) && match(g.group, 0, pos, new Rest(seq, i, count, pos, rest))) {
            return true;
        }
        return count >= g.min && match(seq, i + 1, pos, rest);
    }

    private static final class Parser {
        final String p;
        int pos;

        Parser(String p) {
            this.p = p;
        }

        boolean eat(char c) {
            if (pos < p.length() && p.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** Items up to the end, a {@code )} (depth > 0) or a final {@code $}; null when outside the subset. */
        Item[] sequence(int depth) {
            List<Item> out = new ArrayList<>();
            while (pos < p.length()) {
                char c = p.charAt(pos);
                if (c == ')') {
                    break;
                }
                if (c == '$') {
                    if (depth > 0 || pos != p.length() - 1) {
                        return null;
                    }
                    break;
                }
                long low = 0;
                long high = 0;
                int[] ranges = new int[0];
                Item[] group = null;
                if (c == '(') {
                    pos++;
                    if (p.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (pos < p.length() && p.charAt(pos) == '?') {
                        return null;
                    }
                    group = sequence(depth + 1);
                    if (group == null || !eat(')')) {
                        return null;
                    }
                } else if (c == '[') {
                    pos++;
                    long[] set = new long[2];
                    List<Integer> wide = new ArrayList<>();
                    if (!bracket(set, wide)) {
                        return null;
                    }
                    low = set[0];
                    high = set[1];
                    ranges = new int[wide.size()];
                    for (int k = 0; k < ranges.length; k++) {
                        ranges[k] = wide.get(k);
                    }
                } else {
                    int lit;
                    if (c == '\\') {
                        pos++;
                        if (pos >= p.length()) {
                            return null;
                        }
                        char e = p.charAt(pos);
                        if (e == 'd') {
                            lit = -1;
                        } else if (punctuation(e)) {
                            lit = e;
                        } else {
                            return null;
                        }
                    } else if ("^.|?*+[]{}".indexOf(c) >= 0 || Character.isSurrogate(c)) {
                        return null;
                    } else {
                        lit = c;
                    }
                    pos++;
                    if (lit < 0) {
                        low = 0x3FFL << '0';
                    } else if (lit < 64) {
                        low = 1L << lit;
                    } else if (lit < 128) {
                        high = 1L << (lit - 64);
                    } else {
                        ranges = new int[]{lit, lit};
                    }
                }
                int[] q = quantifier();
                if (q == null) {
                    return null;
                }
                out.add(new Item(low, high, ranges, group, q[0], q[1]));
            }
            return out.toArray(new Item[0]);
        }

        /** The class after its {@code [}, up to and past its {@code ]}, into the ASCII masks and wider ranges. */
        boolean bracket(long[] set, List<Integer> wide) {
            boolean first = true;
            while (pos < p.length()) {
                char c = p.charAt(pos);
                if (c == ']' && !first) {
                    pos++;
                    return true;
                }
                if (c == '[' || c == ']' || (c == '^' && first) || Character.isSurrogate(c)
                        || c == '&' && pos + 1 < p.length() && p.charAt(pos + 1) == '&') {
                    return false;
                }
                first = false;
                if (c == '\\') {
                    if (pos + 1 >= p.length()) {
                        return false;
                    }
                    char e = p.charAt(pos + 1);
                    pos += 2;
                    if (e == 'd') {
                        add(set, wide, '0', '9');
                    } else if (punctuation(e)) {
                        add(set, wide, e, e);
                    } else {
                        return false;
                    }
                    if (pos < p.length() && p.charAt(pos) == '-' && pos + 1 < p.length() && p.charAt(pos + 1) != ']') {
                        return false; // a range from an escape: not in the subset
                    }
                    continue;
                }
                pos++;
                if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) != ']') {
                    char to = p.charAt(pos + 1);
                    if (c == '-' || to == '-' || to == '\\' || to == '[' || Character.isSurrogate(to) || to < c) {
                        return false;
                    }
                    pos += 2;
                    add(set, wide, c, to);
                    if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) != ']') {
                        return false; // a '-' right after a range: read differently by different engines
                    }
                } else {
                    add(set, wide, c, c);
                }
            }
            return false;
        }

        private static void add(long[] set, List<Integer> wide, int from, int to) {
            for (int c = from; c <= to && c < 128; c++) {
                set[c >> 6] |= 1L << (c & 63);
            }
            if (to >= 128) {
                wide.add(Math.max(from, 128));
                wide.add(to);
            }
        }

        /** {min, max} (max -1: unbounded), {1, 1} when there is none; null when outside the subset. */
        int[] quantifier() {
            int min;
            int max;
            if (eat('?')) {
                min = 0;
                max = 1;
            } else if (eat('*')) {
                min = 0;
                max = -1;
            } else if (eat('+')) {
                min = 1;
                max = -1;
            } else if (eat('{')) {
                min = number();
                if (min < 0) {
                    return null;
                }
                if (eat(',')) {
                    max = pos < p.length() && p.charAt(pos) == '}' ? -1 : number();
                    if (max == -2 || max >= 0 && max < min) {
                        return null;
                    }
                } else {
                    max = min;
                }
                if (!eat('}')) {
                    return null;
                }
            } else {
                return new int[]{1, 1};
            }
            if (pos < p.length() && "?+*{".indexOf(p.charAt(pos)) >= 0) {
                return null; // lazy, possessive or doubled
            }
            return new int[]{min, max};
        }

        /** A decimal number up to MAX_REPEAT, or -2. */
        private int number() {
            int start = pos;
            int n = 0;
            while (pos < p.length() && p.charAt(pos) >= '0' && p.charAt(pos) <= '9' && pos - start < 5) {
                n = n * 10 + (p.charAt(pos) - '0');
                pos++;
            }
            return pos == start || n > MAX_REPEAT || pos < p.length() && p.charAt(pos) >= '0' && p.charAt(pos) <= '9'
                    ? -2 : n;
        }
    }

    /** ASCII punctuation: a literal after a backslash in both ECMA-262 and java.util.regex. */
    private static boolean punctuation(char c) {
        return c < 128 && c > ' ' && !Character.isLetterOrDigit(c) && c != 127;
    }
}
