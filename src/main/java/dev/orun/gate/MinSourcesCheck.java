package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/**
 * {@code min_sources}: the seed's source count ({@link SourceCount}: the highest of source headings, distinct
 * URLs, structured entries and bullets) against {@code thresholds} by depth, or {@code min}. A missing file
 * counts 0 sources and fails.
 */
final class MinSourcesCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, Check.count(need, "source") + ctx.atDepth(spec)));
        }
        SourceCount c = SourceCount.of(CheckContext.text(r));
        int count = c.best();
        return List.of(Check.result(spec, r.relative(), count >= need, Check.count(count, "source") + " (" + c.how() + "), need " + need
                + ctx.atDepth(spec)));
    }
}
