package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code min_sources_any_of}: the seed's source count of each of {@code targets} that exists; the highest must
 * reach the threshold (by depth, or {@code min}). No existing target counts 0.
 */
final class MinSourcesAnyOfCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        int best = 0;
        String bestPath = null;
        List<String> seen = new ArrayList<>();
        var targets = spec.node("targets");
        for (int i = 0; i < targets.size(); i++) {
            RepoFiles.Resolved r = ctx.path(targets.get(i).asString(), spec.pointer() + "/targets/" + i);
            String shown = r.relative() != null ? r.relative() : r.given();
            if (!r.isFile()) {
                seen.add(shown + " " + (r.refused() ? "refused (" + r.escape() + ")" : "missing"));
                continue;
            }
            int n = SourceCount.of(CheckContext.text(r)).best();
            seen.add(shown + " " + n);
            if (n > best) {
                best = n;
                bestPath = shown;
            }
        }
        String target = bestPath != null ? bestPath : String.join(" | ", seen.stream().map(s -> s.substring(0, s.indexOf(' '))).toList());
        return List.of(Check.result(spec, target, best >= need, Check.count(best, "source") + " in the best of " + Check.count(targets.size(), "target") + " (" + String.join(", ", seen) + "), need " + need + ctx.atDepth(spec)));
    }
}
