package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code file_exists}: {@code target} is a path, or {@code all_required} (every output required at the run's
 * depth, one result each) or {@code any_of} (at least one of the outputs).
 */
final class FileExistsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String target = spec.target();
        if ("all_required".equals(target)) {
            List<ValidationResult> out = new ArrayList<>();
            for (ResolvedOutput o : ctx.outputs()) {
                if (o.required()) {
                    out.add(one(spec, o.resolved(), "required at depth " + ctx.depth()));
                }
            }
            if (out.isEmpty()) {
                out.add(Check.result(spec, "all_required", true, "no output is required at depth " + ctx.depth()));
            }
            return out;
        }
        if ("any_of".equals(target)) {
            List<String> found = new ArrayList<>();
            List<String> all = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (ResolvedOutput o : ctx.anyOfOutputs()) {
                all.add(o.shown());
                if (o.resolved().refused()) {
                    refused.add(o.resolved().escape());
                } else if (o.resolved().exists()) {
                    found.add(o.shown());
                }
            }
            if (!found.isEmpty()) {
                return List.of(Check.result(spec, "any_of", true, "found " + String.join(", ", found) + " ("
                        + found.size() + " of " + all.size() + " candidates; wanted at least 1)"));
            }
            return List.of(Check.result(spec, "any_of", false, "none of " + all.size() + " candidates exist ("
                    + String.join(", ", all) + "); wanted at least 1" + (refused.isEmpty() ? "" : "; " + String.join("; ", refused))));
        }
        return List.of(one(spec, ctx.target(spec), null));
    }

    private static ValidationResult one(ValidationSpec spec, RepoFiles.Resolved r, String why) {
        if (r.refused() || !r.exists()) {
            String shown = r.relative() != null ? r.relative() : r.given();
            return Check.result(spec, shown, false, r.refused() ? r.escape()
                    : "missing: " + shown + " does not exist" + (why == null ? "" : "; it is " + why));
        }
        return Check.result(spec, r.relative(), true, r.isDirectory() ? "exists (folder)" : "exists (" + Check.count(size(r), "byte") + ")");
    }

    private static long size(RepoFiles.Resolved r) {
        try {
            return java.nio.file.Files.size(r.file());
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
