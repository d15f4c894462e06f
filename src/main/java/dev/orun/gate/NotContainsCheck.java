package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;
import java.util.regex.Matcher;

/**
 * {@code not_contains}: {@code pattern} (literal; {@code "regex": true} for a JavaScript regex) must not occur.
 * A missing file fails unless {@code "missing_ok": true} — the seed at HEAD does the same (its postmortem
 * changed the old silent pass). A missing target falls back to the first existing {@code any_of} output, as in
 * the seed.
 */
final class NotContainsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String pattern = ctx.seedText(spec.text("pattern"));
        JsRegex p = compile(spec, ctx, pattern, spec.flag("regex"), spec.flag("ignore_case"));
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            if (!r.refused() && !r.exists() && spec.flag("missing_ok")) {
                return List.of(Check.result(spec, r.relative(), true, "missing: " + r.relative()
                        + " does not exist, allowed by missing_ok"));
            }
            return List.of(Check.unreadable(spec, r, "a file without " + pattern + " (set \"missing_ok\": true to allow a missing file)"));
        }
        String text = CheckContext.text(r);
        if (p == null) {
            int at = spec.flag("ignore_case") ? text.toLowerCase(java.util.Locale.ROOT).indexOf(pattern.toLowerCase(java.util.Locale.ROOT))
                    : text.indexOf(pattern);
            if (at >= 0) {
                return List.of(Check.result(spec, r.relative(), false, "found " + shorten(text.substring(at, at + pattern.length()))
                        + " at line " + lineOf(text, at) + "; wanted none"));
            }
            return List.of(Check.result(spec, r.relative(), true, "no " + pattern + " found"));
        }
        Matcher m;
        try {
            m = p.find(text, ctx.settings().regexLimit());
        } catch (JsRegex.Timeout e) {
            return List.of(stopped(spec, r, p, e));
        }
        if (m != null) {
            return List.of(Check.result(spec, r.relative(), false, "found " + shorten(m.group()) + " at line "
                    + lineOf(text, m.start()) + "; wanted none"));
        }
        return List.of(Check.result(spec, r.relative(), true, "no match for " + p + " found"));
    }

    /** A JavaScript regex when {@code regex} is true (flags m, and i for ignore_case), else null for a literal. */
    static JsRegex compile(ValidationSpec spec, CheckContext ctx, String pattern, boolean regex, boolean ignoreCase) {
        return regex ? ctx.regex(spec, "pattern", pattern, ignoreCase ? "mi" : "m") : null;
    }

    /** The failed result of a regex stopped at its time limit. */
    static ValidationResult stopped(ValidationSpec spec, RepoFiles.Resolved r, JsRegex p, JsRegex.Timeout e) {
        return Check.result(spec, r.relative(), false, "not checked: " + p + " " + e.getMessage()
                + " on this file; the pattern backtracks too much (nested quantifiers?): simplify it");
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static String shorten(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 60 ? one.substring(0, 57) + "…" : one;
    }
}
