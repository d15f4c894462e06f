package dev.orun.gate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A JavaScript regular expression (source and flags, as a seed contract writes it) translated to a
 * {@link Pattern} that matches what JavaScript matches: {@code \s}, {@code \b}, {@code .}, {@code ^} and
 * {@code $} with JavaScript's line terminators, <code>&#92;u{…}</code> and {@code \p{…}} under {@code u}, {@code [^]},
 * Annex B literals ({@code {}, {@code ]}, identity escapes) without {@code u}, named groups. Every match runs
 * under a time limit ({@link Timeout}). Known gap: without {@code u}, JavaScript sees an astral character as two
 * UTF-16 units where Java sees one code point; this only changes patterns that address surrogate halves.
 */
public final class JsRegex {
    /** The default time one regex may spend on one file (CPU time of the matching thread; see {@link Bounded}). */
    public static final Duration LIMIT = Duration.ofSeconds(1);

    private static final String TERMINATORS = "\\n\\r\\u2028\\u2029";
    private static final String SPACE = "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    private static final String WORD = "A-Za-z0-9_";

    private final String source;
    private final String flags;
    private final Pattern pattern;
    private final boolean unicode;
    private final List<String> warnings;

    private JsRegex(String source, String flags, Pattern pattern, boolean unicode, List<String> warnings) {
        this.source = source;
        this.flags = flags;
        this.pattern = pattern;
        this.unicode = unicode;
        this.warnings = List.copyOf(warnings);
    }

    /** The pattern is not a valid JavaScript regex, or uses what orun cannot run; the message says which. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** A regex stopped at its time limit (catastrophic backtracking, or a very large file). */
    public static final class Timeout extends RuntimeException {
        private final Duration limit;

        Timeout(Duration limit) {
            this(limit, "stopped after " + limit.toMillis() + " ms (time limit)");
        }

        Timeout(Duration limit, String message) {
            super(message);
            this.limit = limit;
        }

        public Duration limit() {
            return limit;
        }
    }

    public static JsRegex compile(String source, String flags) {
        if (source == null) {
            throw new Invalid("no regex given");
        }
        String f = flags == null ? "" : flags;
        boolean i = false, m = false, s = false, u = false;
        for (char c : f.toCharArray()) {
            if ("dgimsuyv".indexOf(c) < 0) {
                throw new Invalid("invalid flag '" + c + "' (JavaScript flags: d g i m s u y v)");
            }
            if (f.indexOf(c) != f.lastIndexOf(c)) {
                throw new Invalid("flag '" + c + "' given twice");
            }
            switch (c) {
                case 'i' -> i = true;
                case 'm' -> m = true;
                case 's' -> s = true;
                case 'u' -> u = true;
                case 'y', 'v' -> throw new Invalid("flag '" + c + "' is not supported by orun");
                default -> {
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        String java = new Translator(source, u, m, s, warnings).translate();
        int jflags = i ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        try {
            return new JsRegex(source, f, Pattern.compile(java, jflags), u, warnings);
        } catch (PatternSyntaxException e) {
            String d = e.getDescription();
            if (d != null && d.contains("Look-behind")) {
                throw new Invalid("a lookbehind of unbounded length (JavaScript allows it; orun's engine needs a bounded one, "
                        + "e.g. {0,100} instead of * or +)");
            }
            throw new Invalid(d == null ? "not a valid regex" : d);
        } catch (StackOverflowError e) {
            throw new Invalid("too deeply nested");
        }
    }

    public String source() {
        return source;
    }

    public String flags() {
        return flags;
    }

    /** Warnings about the pattern (nested quantifiers that can backtrack for ever); empty when none. */
    public List<String> warnings() {
        return warnings;
    }

    /** The translated Java pattern, for tests and messages. */
    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return "/" + source + "/" + flags;
    }

    /** The first match, or null; {@code RegExp.prototype.test}. */
    public Matcher find(CharSequence text, Duration limit) {
        Matcher mm = pattern.matcher(new Bounded(text, limit));
        return run(() -> mm.find() ? mm : null);
    }

    public boolean test(CharSequence text, Duration limit) {
        return find(text, limit) != null;
    }

    /** Every match of a global search, as {@code String.prototype.match} with {@code g} returns them. */
    public List<String> matches(CharSequence text, Duration limit) {
        List<String> out = new ArrayList<>();
        Matcher mm = pattern.matcher(new Bounded(text, limit));
        return run(() -> {
            int from = 0;
            int len = text.length();
            while (from <= len && mm.find(from)) {
                out.add(text.subSequence(mm.start(), mm.end()).toString());
                int end = mm.end();
                from = end > mm.start() ? end : advance(text, end);
            }
            return out;
        });
    }

    public int count(CharSequence text, Duration limit) {
        return matches(text, limit).size();
    }

    /** After an empty match JavaScript moves one code unit on, or one code point under {@code u}. */
    private int advance(CharSequence text, int at) {
        if (unicode && at + 1 < text.length() && Character.isHighSurrogate(text.charAt(at))
                && Character.isLowSurrogate(text.charAt(at + 1))) {
            return at + 2;
        }
        return at + 1;
    }

    private interface Body<T> {
        T get();
    }

    private static <T> T run(Body<T> body) {
        try {
            return body.get();
        } catch (StackOverflowError e) {
            throw new Timeout(Duration.ZERO, "stopped: the match recursed too deep (the pattern backtracks too much on this input)");
        }
    }

    /**
     * A text that stops the matcher at its time limit: every regex step reads characters through here. The limit is
     * the matching thread's CPU time, so a busy machine (a CI runner, a parallel build) does not stop a regex that
     * would finish: a 50 ms match could take over a second of wall time at a load of 20. Ten times the limit in wall
     * time stops it anyway (a thread that gets no CPU at all).
     */
    static final class Bounded implements CharSequence {
        private final CharSequence text;
        private final long cpuDeadline;
        private final long wallDeadline;
        private final Duration limit;
        private int reads;

        Bounded(CharSequence text, Duration limit) {
            this(text, Cpu.now() + limit.toNanos(), System.nanoTime() + 10 * limit.toNanos(), limit);
        }

        private Bounded(CharSequence text, long cpuDeadline, long wallDeadline, Duration limit) {
            this.text = text;
            this.cpuDeadline = cpuDeadline;
            this.wallDeadline = wallDeadline;
            this.limit = limit;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && (Cpu.now() > cpuDeadline || System.nanoTime() > wallDeadline)) {
                throw new Timeout(limit);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), cpuDeadline, wallDeadline, limit);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** The current thread's CPU time in nanoseconds, or the wall clock where the JVM cannot tell. */
    /**
     * This thread's CPU time (user + system), in nanoseconds: on Linux from {@code /proc/thread-self/schedstat} (its
     * first field), elsewhere from the ThreadMXBean. java.lang.management costs a short command ~40 ms to start (its
     * platform MBean providers), more than the regex it limits; JsRegexTest holds the two to one clock.
     */
    static long threadCpuNanos() {
        return Cpu.now();
    }

    /** The /proc reading alone (-1 where there is none), for the test that holds it to the MXBean. */
    static long procCpuNanos() {
        return Cpu.procTime();
    }

    private static final class Cpu {
        private static volatile boolean proc = true;

        static long now() {
            if (proc) {
                long t = procTime();
                if (t >= 0) {
                    return t;
                }
                proc = false;
            }
            return Mx.now();
        }

        static long procTime() {
            try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/thread-self/schedstat")) {
                byte[] b = in.readNBytes(32);
                long v = 0;
                int i = 0;
                while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                    v = v * 10 + (b[i] - '0');
                    i++;
                }
                return i > 0 && i < b.length && b[i] == ' ' ? v : -1;
            } catch (java.io.IOException | SecurityException e) {
                return -1;
            }
        }
    }

    private static final class Mx {
        private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
        private static final boolean SUPPORTED = MX.isCurrentThreadCpuTimeSupported();

        static long now() {
            if (SUPPORTED) {
                long t = MX.getCurrentThreadCpuTime();
                if (t >= 0) {
                    return t;
                }
            }
            return System.nanoTime();
        }
    }

    /** JavaScript regex source → Java regex source, one pass; syntax errors JavaScript would raise are raised here. */
    private static final class Translator {
        private final String src;
        private final boolean u;
        private final boolean m;
        private final boolean s;
        private final List<String> warnings;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, String> names = new HashMap<>();
        private final int groups;
        private int pos;

        /** What the last atom was, for quantifier rules: NONE (nothing to repeat), ATOM, QUANTIFIED, ASSERTION, LOOKAHEAD. */
        private enum Last { NONE, ATOM, QUANTIFIED, ASSERTION, LOOKAHEAD }

        private Last last = Last.NONE;
        private boolean lastGroupHasUnbounded;

        private static final class Group {
            final int start;
            final Last kind;
            int number;
            boolean unbounded;

            Group(int start, Last kind) {
                this.start = start;
                this.kind = kind;
            }
        }

        private final Deque<Group> stack = new ArrayDeque<>();
        /** Capturing groups opened so far, and those closed: a reference to an open or later group matches empty. */
        private int opened;
        private final java.util.Set<Integer> closed = new java.util.HashSet<>();

        Translator(String src, boolean u, boolean m, boolean s, List<String> warnings) {
            this.src = src;
            this.u = u;
            this.m = m;
            this.s = s;
            this.warnings = warnings;
            this.groups = countGroups();
        }

        private Invalid error(String what) {
            return new Invalid(what + " at index " + pos);
        }

        /** Counts capturing groups and collects names, so that \N and \k know what exists. */
        private int countGroups() {
            int n = 0;
            boolean cls = false;
            for (int i = 0; i < src.length(); i++) {
                char c = src.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (cls) {
                    cls = c != ']';
                } else if (c == '[') {
                    cls = true;
                } else if (c == '(') {
                    if (i + 1 < src.length() && src.charAt(i + 1) == '?') {
                        if (src.startsWith("?<", i + 1) && !src.startsWith("?<=", i + 1) && !src.startsWith("?<!", i + 1)) {
                            int close = src.indexOf('>', i);
                            if (close > 0) {
                                n++;
                                String name = src.substring(i + 3, close);
                                if (names.containsKey(name)) {
                                    throw new Invalid("duplicate group name '" + name + "'");
                                }
                                names.put(name, "n" + n + "x");
                            }
                        }
                    } else {
                        n++;
                    }
                }
            }
            return n;
        }

        String translate() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> charClass();
                    case '(' -> open();
                    case ')' -> close();
                    case '*', '+', '?' -> quantifier(String.valueOf(c), c != '?', 1);
                    case '{' -> brace();
                    case '}', ']' -> {
                        if (u) {
                            throw error("lone '" + c + "'");
                        }
                        literal(c);
                        pos++;
                    }
                    case '|' -> {
                        out.append('|');
                        last = Last.NONE;
                        pos++;
                    }
                    case '.' -> {
                        out.append(s ? "[\\s\\S]" : "[^" + TERMINATORS + "]");
                        atom();
                        pos++;
                    }
                    case '^' -> {
                        out.append(m ? "(?<![^" + TERMINATORS + "])" : "^");
                        last = Last.ASSERTION;
                        pos++;
                    }
                    case '$' -> {
                        out.append(m ? "(?![^" + TERMINATORS + "])" : "\\z");
                        last = Last.ASSERTION;
                        pos++;
                    }
                    default -> {
                        int cp = src.codePointAt(pos);
                        literalCp(cp);
                        pos += Character.charCount(cp);
                    }
                }
            }
            if (!stack.isEmpty()) {
                throw new Invalid("unterminated group (a '(' without its ')')");
            }
            return out.toString();
        }

        private void atom() {
            last = Last.ATOM;
            lastGroupHasUnbounded = false;
        }

        private void literal(char c) {
            literalCp(c);
        }

        private void literalCp(int cp) {
            if (Character.isLetterOrDigit(cp) || cp == ' ' || cp == '_' || cp == '-' || cp == ',' || cp == ':' || cp == '='
                    || cp == '\'' || cp == '"' || cp == '/' || cp == '<' || cp == '>' || cp == '@' || cp == '!' || cp == '%') {
                out.appendCodePoint(cp);
            } else {
                out.append("\\x{").append(Integer.toHexString(cp)).append('}');
            }
            atom();
        }

        private void open() {
            int start = out.length();
            Last kind = Last.ATOM;
            int number = 0;
            if (src.startsWith("(?:", pos)) {
                out.append("(?:");
                pos += 3;
            } else if (src.startsWith("(?=", pos) || src.startsWith("(?!", pos)) {
                out.append(src, pos, pos + 3);
                pos += 3;
                kind = Last.LOOKAHEAD;
            } else if (src.startsWith("(?<=", pos) || src.startsWith("(?<!", pos)) {
                out.append(src, pos, pos + 4);
                pos += 4;
                kind = Last.ASSERTION;
            } else if (src.startsWith("(?<", pos)) {
                int close = src.indexOf('>', pos);
                String name = close < 0 ? "" : src.substring(pos + 3, close);
                if (!name.matches("[\\p{L}$_][\\p{L}\\p{N}$_\\u200C\\u200D]*")) {
                    throw error("invalid group name '" + name + "'");
                }
                out.append("(?<").append(names.get(name)).append('>');
                pos = close + 1;
                number = ++opened;
            } else if (src.startsWith("(?", pos)) {
                throw error("invalid group '(?" + (pos + 2 < src.length() ? src.charAt(pos + 2) : "") + "'");
            } else {
                out.append('(');
                pos++;
                number = ++opened;
            }
            Group g = new Group(start, kind);
            g.number = number;
            stack.push(g);
            last = Last.NONE;
        }

        private void close() {
            if (stack.isEmpty()) {
                throw error("unmatched ')'");
            }
            Group g = stack.pop();
            closed.add(g.number);
            out.append(')');
            pos++;
            last = g.kind == Last.LOOKAHEAD ? (u ? Last.ASSERTION : Last.LOOKAHEAD) : g.kind;
            lastGroupHasUnbounded = g.unbounded;
            if (g.unbounded && !stack.isEmpty()) {
                stack.peek().unbounded = true;
            }
        }

        private void brace() {
            java.util.regex.Matcher q = Pattern.compile("\\{(\\d+)(,(\\d*))?}").matcher(src).region(pos, src.length());
            if (q.lookingAt()) {
                long lo = Long.parseLong(q.group(1).length() > 9 ? "999999999" : q.group(1));
                String hi = q.group(3);
                if (hi != null && !hi.isEmpty() && Long.parseLong(hi.length() > 9 ? "999999999" : hi) < lo) {
                    throw error("numbers out of order in {} quantifier");
                }
                quantifier(q.group(), q.group(2) != null && (hi == null || hi.isEmpty()), q.end() - pos);
                return;
            }
            if (u) {
                throw error("incomplete quantifier '{'");
            }
            literal('{');
            pos++;
        }

        private void quantifier(String text, boolean unbounded, int width) {
            if (last == Last.NONE || last == Last.QUANTIFIED || last == Last.ASSERTION) {
                throw error("nothing to repeat before '" + text + "'");
            }
            boolean nested = unbounded && lastGroupHasUnbounded && last == Last.ATOM;
            out.append(text);
            pos += width;
            if (pos < src.length() && src.charAt(pos) == '?') {
                out.append('?');
                pos++;
            }
            if (nested) {
                warnings.add("nested quantifier at index " + (pos - width) + " ('" + text + "' on a group that repeats inside):"
                        + " it can backtrack exponentially; rewrite it without the outer repeat");
            }
            if (unbounded && !stack.isEmpty()) {
                stack.peek().unbounded = true;
            }
            last = Last.QUANTIFIED;
            lastGroupHasUnbounded = false;
        }

        private void escape() {
            pos++;
            if (pos >= src.length()) {
                throw new Invalid("\\ at end of pattern");
            }
            char c = src.charAt(pos);
            switch (c) {
                case 'd' -> cls("0-9", false);
                case 'D' -> cls("0-9", true);
                case 'w' -> cls(WORD, false);
                case 'W' -> cls(WORD, true);
                case 's' -> cls(SPACE, false);
                case 'S' -> cls(SPACE, true);
                case 'b' -> assertion("(?:(?<=[" + WORD + "])(?![" + WORD + "])|(?<![" + WORD + "])(?=[" + WORD + "]))");
                case 'B' -> assertion("(?:(?<=[" + WORD + "])(?=[" + WORD + "])|(?<![" + WORD + "])(?![" + WORD + "]))");
                case 'k' -> {
                    if (!names.isEmpty() || u) {
                        int close = src.indexOf('>', pos);
                        String name = src.startsWith("k<", pos) && close > 0 ? src.substring(pos + 2, close) : null;
                        if (name == null || !names.containsKey(name)) {
                            throw error("invalid named reference" + (name == null ? "" : " '" + name + "'"));
                        }
                        int k = Integer.parseInt(names.get(name).replaceAll("\\D", ""));
                        out.append(closed.contains(k) ? "\\k<" + names.get(name) + ">" : "(?:)");
                        pos = close + 1;
                        atom();
                    } else {
                        literal('k');
                        pos++;
                    }
                }
                case 'p', 'P' -> {
                    if (u) {
                        out.append(property());
                        atom();
                    } else {
                        literal(c);
                        pos++;
                    }
                }
                default -> {
                    if (c >= '1' && c <= '9') {
                        backreference();
                    } else {
                        literalCp(characterEscape(false));
                    }
                }
            }
        }

        private void cls(String body, boolean negated) {
            out.append(negated ? "[^" : "[").append(body).append(']');
            atom();
            pos++;
        }

        private void assertion(String java) {
            out.append(java);
            last = Last.ASSERTION;
            pos++;
        }

        private void backreference() {
            int start = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            int n = Integer.parseInt(src.substring(start, Math.min(pos, start + 9)));
            if (n <= groups) {
                // JavaScript: a group that has not matched yet (a forward or enclosing reference) matches empty.
                out.append(closed.contains(n) ? "(?:\\" + n + ")" : "(?:)");
                atom();
                return;
            }
            if (u) {
                pos = start;
                throw error("invalid escape \\" + n + " (there are " + groups + " groups)");
            }
            // Annex B: a legacy octal escape, or the digits 8 and 9 as themselves.
            pos = start;
            if (src.charAt(pos) >= '8') {
                literal(src.charAt(pos));
                pos++;
                return;
            }
            literalCp(octal());
        }

        private int octal() {
            int v = 0;
            int digits = 0;
            while (pos < src.length() && digits < 3 && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
                int next = v * 8 + (src.charAt(pos) - '0');
                if (next > 0377) {
                    break;
                }
                v = next;
                pos++;
                digits++;
            }
            return v;
        }

        /** A character escape at {@code pos} (after the backslash): its code point; moves past it. */
        private int characterEscape(boolean inClass) {
            char c = src.charAt(pos);
            switch (c) {
                case 'n': pos++; return '\n';
                case 'r': pos++; return '\r';
                case 't': pos++; return '\t';
                case 'f': pos++; return '\f';
                case 'v': pos++; return 0x0B;
                case '0':
                    if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                        if (u) {
                            throw error("invalid decimal escape");
                        }
                        return octal();
                    }
                    pos++;
                    return 0;
                case 'c':
                    if (pos + 1 < src.length() && Character.isLetter(src.charAt(pos + 1)) && src.charAt(pos + 1) < 128) {
                        int v = src.charAt(pos + 1) % 32;
                        pos += 2;
                        return v;
                    }
                    if (u) {
                        throw error("invalid unicode escape \\c");
                    }
                    // Annex B: "\c" not followed by a letter is a backslash, and the c follows.
                    return '\\';
                case 'x':
                    if (hex(pos + 1, 2)) {
                        int v = Integer.parseInt(src.substring(pos + 1, pos + 3), 16);
                        pos += 3;
                        return v;
                    }
                    if (u) {
                        throw error("invalid escape \\x");
                    }
                    pos++;
                    return 'x';
                case 'u':
                    return unicodeEscape();
                default:
                    break;
            }
            if ("^$\\.*+?()[]{}|/".indexOf(c) >= 0 || (inClass && c == '-')) {
                pos++;
                return c;
            }
            if (u) {
                throw error("invalid escape \\" + c);
            }
            // Annex B identity escape: the character itself.
            int cp = src.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        private boolean hex(int at, int n) {
            if (at + n > src.length()) {
                return false;
            }
            for (int i = at; i < at + n; i++) {
                if (Character.digit(src.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        private int unicodeEscape() {
            if (u && src.startsWith("u{", pos)) {
                int close = src.indexOf('}', pos);
                String h = close < 0 ? "" : src.substring(pos + 2, close);
                if (h.isEmpty() || !h.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) || h.length() > 8
                        || Long.parseLong(h, 16) > 0x10FFFF) {
                    throw error("invalid unicode escape \\u{" + h + "}");
                }
                pos = close + 1;
                return Integer.parseInt(h, 16);
            }
            if (hex(pos + 1, 4)) {
                int v = Integer.parseInt(src.substring(pos + 1, pos + 5), 16);
                pos += 5;
                // A surrogate pair written as two escapes is one character to Java.
                if (Character.isHighSurrogate((char) v) && src.startsWith("\\u", pos) && hex(pos + 2, 4)) {
                    int lo = Integer.parseInt(src.substring(pos + 2, pos + 6), 16);
                    if (Character.isLowSurrogate((char) lo)) {
                        pos += 6;
                        return Character.toCodePoint((char) v, (char) lo);
                    }
                }
                return v;
            }
            if (u) {
                throw error("invalid unicode escape");
            }
            pos++;
            return 'u';
        }

        private String property() {
            boolean negated = src.charAt(pos) == 'P';
            int close = src.indexOf('}', pos);
            if (!src.startsWith("{", pos + 1) || close < 0) {
                throw error("invalid property name");
            }
            String name = src.substring(pos + 2, close);
            pos = close + 1;
            String p = negated ? "\\P" : "\\p";
            String value = name.contains("=") ? name.substring(name.indexOf('=') + 1) : name;
            String key = name.contains("=") ? name.substring(0, name.indexOf('=')) : null;
            List<String> candidates = new ArrayList<>();
            if (key == null) {
                candidates.add(p + "{" + name + "}");
                candidates.add(p + "{Is" + name + "}");
                String cat = CATEGORIES.get(name);
                if (cat != null) {
                    candidates.add(p + "{" + cat + "}");
                }
            } else if (key.equals("General_Category") || key.equals("gc")) {
                candidates.add(p + "{" + CATEGORIES.getOrDefault(value, value) + "}");
            } else if (key.equals("Script") || key.equals("sc")) {
                candidates.add(p + "{sc=" + value + "}");
            }
            for (String c : candidates) {
                try {
                    Pattern.compile(c);
                    return c;
                } catch (PatternSyntaxException e) {
                    // try the next spelling
                }
            }
            throw new Invalid("unicode property \\p{" + name + "} is not supported by orun (or not a valid property)");
        }

        private static final Map<String, String> CATEGORIES = Map.ofEntries(
                Map.entry("Letter", "L"), Map.entry("Uppercase_Letter", "Lu"), Map.entry("Lowercase_Letter", "Ll"),
                Map.entry("Titlecase_Letter", "Lt"), Map.entry("Modifier_Letter", "Lm"), Map.entry("Other_Letter", "Lo"),
                Map.entry("Mark", "M"), Map.entry("Number", "N"), Map.entry("Decimal_Number", "Nd"),
                Map.entry("Letter_Number", "Nl"), Map.entry("Other_Number", "No"), Map.entry("Punctuation", "P"),
                Map.entry("Symbol", "S"), Map.entry("Math_Symbol", "Sm"), Map.entry("Currency_Symbol", "Sc"),
                Map.entry("Other_Symbol", "So"), Map.entry("Separator", "Z"), Map.entry("Space_Separator", "Zs"),
                Map.entry("Other", "C"), Map.entry("Control", "Cc"), Map.entry("Format", "Cf"),
                Map.entry("Private_Use", "Co"), Map.entry("Surrogate", "Cs"), Map.entry("Unassigned", "Cn"));

        /** A class {@code [...]}: JavaScript's rules ({@code [} literal inside, {@code []} empty, {@code [^]} any). */
        private void charClass() {
            pos++;
            boolean negated = pos < src.length() && src.charAt(pos) == '^';
            if (negated) {
                pos++;
            }
            StringBuilder items = new StringBuilder();
            boolean nested = false;
            boolean any = false;
            while (true) {
                if (pos >= src.length()) {
                    throw new Invalid("unterminated character class (a '[' without its ']')");
                }
                char c = src.charAt(pos);
                if (c == ']') {
                    pos++;
                    break;
                }
                any = true;
                int startPos = pos;
                ClassAtom a = classAtom();
                if (a.set == null && pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                    pos++;
                    ClassAtom b = classAtom();
                    if (b.set != null) {
                        if (u) {
                            throw error("invalid character class range");
                        }
                        items.append(hexOf(a.cp)).append(hexOf('-')).append(b.set);
                        nested = true;
                        continue;
                    }
                    if (b.cp < a.cp) {
                        pos = startPos;
                        throw error("range out of order in character class");
                    }
                    items.append(hexOf(a.cp)).append('-').append(hexOf(b.cp));
                } else if (a.set != null) {
                    if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']' && u) {
                        throw error("invalid character class range");
                    }
                    items.append(a.set);
                    nested |= a.set.startsWith("[");
                } else {
                    items.append(hexOf(a.cp));
                }
            }
            if (!any) {
                out.append(negated ? "[\\s\\S]" : "(?!)");
            } else if (negated && nested) {
                out.append("(?:(?![").append(items).append("])[\\s\\S])");
            } else {
                out.append(negated ? "[^" : "[").append(items).append(']');
            }
            atom();
        }

        private record ClassAtom(int cp, String set) {
        }

        private ClassAtom classAtom() {
            char c = src.charAt(pos);
            if (c != '\\') {
                int cp = src.codePointAt(pos);
                pos += Character.charCount(cp);
                return new ClassAtom(cp, null);
            }
            pos++;
            if (pos >= src.length()) {
                throw new Invalid("\\ at end of pattern");
            }
            c = src.charAt(pos);
            switch (c) {
                case 'd': pos++; return new ClassAtom(-1, "0-9");
                case 'D': pos++; return new ClassAtom(-1, "[^0-9]");
                case 'w': pos++; return new ClassAtom(-1, WORD);
                case 'W': pos++; return new ClassAtom(-1, "[^" + WORD + "]");
                case 's': pos++; return new ClassAtom(-1, SPACE);
                case 'S': pos++; return new ClassAtom(-1, "[^" + SPACE + "]");
                case 'b': pos++; return new ClassAtom(8, null);
                case 'p':
                case 'P':
                    if (u) {
                        return new ClassAtom(-1, "[" + property() + "]");
                    }
                    break;
                default:
                    break;
            }
            if (c >= '1' && c <= '9') {
                if (u) {
                    throw error("invalid class escape");
                }
                if (c >= '8') {
                    pos++;
                    return new ClassAtom(c, null);
                }
                return new ClassAtom(octal(), null);
            }
            if (c == 'k' && !u) {
                pos++;
                return new ClassAtom('k', null);
            }
            return new ClassAtom(characterEscape(true), null);
        }

        private static String hexOf(int cp) {
            return "\\x{" + Integer.toHexString(cp) + "}";
        }
    }
}
