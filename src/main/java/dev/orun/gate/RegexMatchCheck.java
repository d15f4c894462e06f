package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;
import java.util.regex.Matcher;

/**
 * {@code regex_match}: the JavaScript regex {@code regex} (flags {@code gm}, and {@code u} when it holds
 * {@code \\u{…}}, as the seed applies them) must match the file, or with {@code must_not_match} must not. A
 * missing target falls back to the first existing {@code any_of} output, as in the seed.
 */
final class RegexMatchCheck implements Check {
    /** The seed's flags for a regex of a contract. */
    static String seedFlags(String source) {
        return source.contains("\\u{") ? "gmu" : "gm";
    }

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String source = spec.text("regex");
        JsRegex p = ctx.regex(spec, "regex", source, seedFlags(source));
        boolean mustNot = spec.flag("must_not_match");
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, mustNot ? "a file without a match for " + p : "a file matching " + p));
        }
        String text = CheckContext.text(r);
        Matcher m;
        try {
            m = p.find(text, ctx.settings().regexLimit());
        } catch (JsRegex.Timeout e) {
            return List.of(NotContainsCheck.stopped(spec, r, p, e));
        }
        if (m == null) {
            return List.of(Check.result(spec, r.relative(), mustNot, "no match for " + p + (mustNot ? "" : "; wanted one")));
        }
        String where = " at line " + NotContainsCheck.lineOf(text, m.start()) + ": " + NotContainsCheck.shorten(m.group());
        return List.of(Check.result(spec, r.relative(), !mustNot, (mustNot ? "found " + p + where + "; wanted none (must_not_match)"
                : "matched " + p + where)));
    }
}
