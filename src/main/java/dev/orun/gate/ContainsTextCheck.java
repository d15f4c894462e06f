package dev.orun.gate;

import dev.orun.run.ValidationResult;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code contains_text}: every one of {@code patterns} (or the one {@code pattern}) occurs in the file as plain
 * text. A missing target falls back to the first existing {@code any_of} output, as in the seed.
 */
final class ContainsTextCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        List<String> patterns = new ArrayList<>();
        if (spec.node("patterns") != null) {
            if (spec.node("patterns").isArray()) {
                for (JsonNode p : spec.node("patterns")) {
                    patterns.add(ctx.seedText(p.asString()));
                }
            } else {
                patterns.add(ctx.seedText(spec.text("patterns")));
            }
        } else if (spec.text("pattern") != null) {
            patterns.add(ctx.seedText(spec.text("pattern")));
        }
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "text " + String.join(", ", patterns)));
        }
        String text = CheckContext.text(r);
        List<String> missing = new ArrayList<>();
        for (String p : patterns) {
            if (!text.contains(p)) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, "all " + patterns.size() + " texts present"));
        }
        return List.of(Check.result(spec, r.relative(), false, "missing text: " + String.join(", ", missing) + " ("
                + (patterns.size() - missing.size()) + " of " + patterns.size() + " present)"));
    }
}
