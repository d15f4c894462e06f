package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/** {@code dir_exists}: {@code target} is a folder (a symlink to a folder inside the repository counts). */
final class DirExistsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        RepoFiles.Resolved r = ctx.target(spec);
        String shown = r.relative() != null ? r.relative() : r.given();
        if (r.refused()) {
            return List.of(Check.result(spec, shown, false, r.escape()));
        }
        if (r.isDirectory()) {
            return List.of(Check.result(spec, shown, true, "folder exists"));
        }
        return List.of(Check.result(spec, shown, false, r.exists() ? "is a file, wanted a folder"
                : "missing: folder " + shown + " does not exist"));
    }
}
