package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/** {@code min_words}: whitespace-separated words, against {@code thresholds} by depth or {@code min}. */
final class MinWordsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, need + " words" + ctx.atDepth(spec)));
        }
        String text = CheckContext.text(r).strip();
        int words = text.isEmpty() ? 0 : text.split("\\s+").length;
        return List.of(Check.result(spec, r.relative(), words >= need, words + " words, need " + need + ctx.atDepth(spec)));
    }
}
