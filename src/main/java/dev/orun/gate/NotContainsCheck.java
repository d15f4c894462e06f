package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code not_contains}: {@code pattern} (literal; {@code "regex": true} for a regex) must not occur. A missing
 * file fails unless {@code "missing_ok": true} (the seed passed it silently).
 */
final class NotContainsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String pattern = spec.text("pattern");
        Pattern p = compile(spec, ctx, pattern, spec.flag("regex"), spec.flag("ignore_case"));
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            if (!r.refused() && !r.exists() && spec.flag("missing_ok")) {
                return List.of(Check.result(spec, r.relative(), true, "missing: " + r.relative()
                        + " does not exist, allowed by missing_ok"));
            }
            return List.of(Check.unreadable(spec, r, "a file without " + pattern + " (set \"missing_ok\": true to allow a missing file)"));
        }
        String text = CheckContext.text(r);
        Matcher m = p.matcher(text);
        if (m.find()) {
            return List.of(Check.result(spec, r.relative(), false, "found " + shorten(m.group()) + " at line "
                    + lineOf(text, m.start()) + "; wanted none"));
        }
        return List.of(Check.result(spec, r.relative(), true, "no " + pattern + " found"));
    }

    static Pattern compile(ValidationSpec spec, CheckContext ctx, String pattern, boolean regex, boolean ignoreCase) {
        int flags = Pattern.MULTILINE | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        try {
            return regex ? Pattern.compile(pattern, flags) : Pattern.compile(Pattern.quote(pattern), flags);
        } catch (PatternSyntaxException e) {
            throw ctx.contractError(spec, "pattern", "not a valid regex (" + e.getDescription() + " near index "
                    + e.getIndex() + "): fix it, or drop \"regex\": true for a literal");
        }
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
