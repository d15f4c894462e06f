package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/**
 * {@code min_regex_count}: the JavaScript regex {@code regex} (the seed's flags) must match at least
 * {@code min_count} times (default 1). A missing target falls back to the first existing {@code any_of} output.
 */
final class MinRegexCountCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String source = spec.text("regex");
        JsRegex p = ctx.regex(spec, "regex", source, RegexMatchCheck.seedFlags(source));
        var mc = spec.node("min_count");
        // The seed's `min_count || 1`: absent or 0 means 1.
        int need = mc == null || mc.asInt() == 0 ? 1 : mc.asInt();
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, Check.count(need, "match", "matches") + " of " + p));
        }
        int count;
        try {
            count = p.count(CheckContext.text(r), ctx.settings().regexLimit());
        } catch (JsRegex.Timeout e) {
            return List.of(NotContainsCheck.stopped(spec, r, p, e));
        }
        return List.of(Check.result(spec, r.relative(), count >= need, Check.count(count, "match", "matches") + " of " + p + ", need " + need));
    }
}
