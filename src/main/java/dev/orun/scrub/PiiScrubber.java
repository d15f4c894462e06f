package dev.orun.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Replaces personal data and secrets in text orun writes to {@code logs/}: e-mail addresses, phone numbers, the
 * well-known API key and token formats, the values of this environment's secret variables, and any patterns the
 * repository adds in {@code orchestration/orun.yaml}. Each match becomes {@code [REDACTED:kind]}.
 */
public final class PiiScrubber implements java.util.function.UnaryOperator<String> {
    /**
     * A named pattern. The built-in ones are compiled at their first use, and only tried on a text that holds what
     * every match of theirs holds (a {@code @} for an e-mail address, {@code AKIA} or {@code ASIA} for an AWS key, …):
     * a short write scrubs a few strings, and compiling all ten patterns cost it ~5 ms, interpreted.
     * {@code ScrubTest} holds each hint to its pattern on texts made to match.
     */
    public static final class Rule {
        private final String name;
        private final String regex;
        private final Hint hint;
        private volatile Pattern pattern;

        public Rule(String name, Pattern pattern) {
            this.name = requireNonNull(name, "name");
            this.pattern = requireNonNull(pattern, "pattern");
            this.regex = pattern.pattern();
            this.hint = null;
        }

        private Rule(String name, String regex, Hint hint) {
            this.name = name;
            this.regex = regex;
            this.hint = hint;
        }

        public String name() {
            return name;
        }

        public Pattern pattern() {
            Pattern p = pattern;
            if (p == null) {
                p = Pattern.compile(regex);
                pattern = p;
            }
            return p;
        }

        /** False only when no match of the pattern can be in {@code text}. */
        boolean mayMatch(String text) {
            return hint == null || hint.mayHold(text);
        }

        @Override
        public String toString() {
            return name + "=" + regex;
        }
    }

    /** A necessary condition of a pattern's match, cheap to test. */
    private interface Hint {
        boolean mayHold(String text);
    }

    /** Holds when the text contains one of the literals. */
    private static final class Literals implements Hint {
        private final String[] literals;

        Literals(String... literals) {
            this.literals = literals;
        }

        @Override
        public boolean mayHold(String text) {
            for (String l : literals) {
                if (text.contains(l)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Holds when the text contains "bearer " in any ASCII case (the pattern's {@code (?i)}). */
    private static final class Bearer implements Hint {
        @Override
        public boolean mayHold(String text) {
            for (int i = text.indexOf(' ', 6); i >= 0; i = text.indexOf(' ', i + 1)) {
                if (text.regionMatches(true, i - 6, "bearer", 0, 6)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Holds when the text has three digits, a space, dot or dash, and three digits: the core of every phone match. */
    private static final class DigitGroups implements Hint {
        @Override
        public boolean mayHold(String text) {
            int n = text.length();
            int run = 0; // digits just before i
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    run++;
                    continue;
                }
                if (run >= 3 && (c == ' ' || c == '.' || c == '-') && digits(text, i + 1, 3)) {
                    return true;
                }
                run = 0;
            }
            return false;
        }

        private static boolean digits(String text, int from, int count) {
            if (from + count > text.length()) {
                return false;
            }
            for (int i = from; i < from + count; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    public static final Rule EMAIL = new Rule("email",
            "(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])", new Literals("@"));
    /** International (+country) or grouped national numbers: 3 or more groups of digits; never a bare number or date. */
    public static final Rule PHONE = new Rule("phone",
            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]\\d{3,4}(?![\\w-])", new DigitGroups());
    /** Formats published by the providers (Anthropic, OpenAI, GitHub, AWS, Slack, Google), bearer tokens, PEM keys. */
    public static final List<Rule> SECRETS = List.of(
            new Rule("anthropic-key", "sk-ant-[A-Za-z0-9_-]{20,}", new Literals("sk-ant-")),
            new Rule("openai-key", "sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}", new Literals("sk-")),
            new Rule("github-token", "(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
                    new Literals("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            new Rule("aws-access-key", "(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])", new Literals("AKIA", "ASIA")),
            new Rule("slack-token", "xox[abposr]-[A-Za-z0-9-]{10,}", new Literals("xox")),
            new Rule("google-api-key", "AIza[0-9A-Za-z_-]{35}", new Literals("AIza")),
            new Rule("bearer-token", "(?i)(?<=bearer )[A-Za-z0-9._~+/-]{16,}=*", new Bearer()),
            new Rule("private-key", "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
                    new Literals("-----BEGIN ")));

    private final List<Rule> rules;
    private final List<String> secretValues;

    public PiiScrubber(List<Rule> rules, List<String> secretValues) {
        this.rules = List.copyOf(rules);
        List<String> v = new ArrayList<>();
        for (String s : secretValues) {
            if (s != null && s.length() >= 8) {
                v.add(s);
            }
        }
        v.sort(dev.orun.text.LongerFirst.INSTANCE); // the longer first: one value may contain another
        this.secretValues = List.copyOf(v);
    }

    /** Scrubs nothing. */
    public static final PiiScrubber NONE = new PiiScrubber(List.of(), List.of());

    public boolean active() {
        return !rules.isEmpty() || !secretValues.isEmpty();
    }

    /** {@link #scrub}: the scrubber is the record text's operator of a store (no method reference on a write). */
    @Override
    public String apply(String text) {
        return scrub(text);
    }

    public String scrub(String text) {
        if (text == null || text.isEmpty() || !active()) {
            return text;
        }
        String out = text;
        for (String v : secretValues) {
            if (out.contains(v)) {
                out = out.replace(v, "[REDACTED:secret]");
            }
        }
        for (Rule r : rules) {
            if (!r.mayMatch(out)) {
                continue;
            }
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(Matcher.quoteReplacement("[REDACTED:" + r.name() + "]"));
            }
        }
        return out;
    }
}
