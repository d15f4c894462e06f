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
public final class PiiScrubber {
    /** A named pattern. */
    public record Rule(String name, Pattern pattern) {
        public Rule {
            requireNonNull(name, "name");
            requireNonNull(pattern, "pattern");
        }
    }

    public static final Rule EMAIL = new Rule("email",
            Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])"));
    /** International (+country) or grouped national numbers: 3 or more groups of digits; never a bare number or date. */
    public static final Rule PHONE = new Rule("phone",
            Pattern.compile("(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]\\d{3,4}(?![\\w-])"));
    /** Formats published by the providers (Anthropic, OpenAI, GitHub, AWS, Slack, Google), bearer tokens, PEM keys. */
    public static final List<Rule> SECRETS = List.of(
            new Rule("anthropic-key", Pattern.compile("sk-ant-[A-Za-z0-9_-]{20,}")),
            new Rule("openai-key", Pattern.compile("sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}")),
            new Rule("github-token", Pattern.compile("(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            new Rule("aws-access-key", Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")),
            new Rule("slack-token", Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,}")),
            new Rule("google-api-key", Pattern.compile("AIza[0-9A-Za-z_-]{35}")),
            new Rule("bearer-token", Pattern.compile("(?i)(?<=bearer )[A-Za-z0-9._~+/-]{16,}=*")),
            new Rule("private-key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)")));

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
        v.sort((a, b) -> b.length() - a.length()); // the longer first: one value may contain another
        this.secretValues = List.copyOf(v);
    }

    /** Scrubs nothing. */
    public static final PiiScrubber NONE = new PiiScrubber(List.of(), List.of());

    public boolean active() {
        return !rules.isEmpty() || !secretValues.isEmpty();
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
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(Matcher.quoteReplacement("[REDACTED:" + r.name() + "]"));
            }
        }
        return out;
    }
}
