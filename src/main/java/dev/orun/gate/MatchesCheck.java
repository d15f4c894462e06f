package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;
import java.util.regex.Matcher;

/** {@code matches}: the JavaScript regex {@code pattern} must match somewhere in the file (flag m; i with ignore_case). */
final class MatchesCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String pattern = ctx.seedText(spec.text("pattern"));
        JsRegex p = NotContainsCheck.compile(spec, ctx, pattern, true, spec.flag("ignore_case"));
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "a file matching /" + pattern + "/"));
        }
        String text = CheckContext.text(r);
        Matcher m;
        try {
            m = p.find(text, ctx.settings().regexLimit());
        } catch (JsRegex.Timeout e) {
            return List.of(NotContainsCheck.stopped(spec, r, p, e));
        }
        if (m != null) {
            return List.of(Check.result(spec, r.relative(), true, "matched /" + pattern + "/ at line "
                    + NotContainsCheck.lineOf(text, m.start()) + ": " + NotContainsCheck.shorten(m.group())));
        }
        return List.of(Check.result(spec, r.relative(), false, "no match for /" + pattern + "/; wanted at least one"));
    }
}
