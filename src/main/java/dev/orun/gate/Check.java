package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/** One validation type. Each result says what it found against what it wanted. */
public interface Check {
    List<ValidationResult> run(ValidationSpec spec, CheckContext ctx);

    static ValidationResult result(ValidationSpec spec, String target, boolean pass, String message) {
        return new ValidationResult(spec.type(), target, pass, spec.severity(), message);
    }

    /** {@code n} and the noun, singular for one: "1 source", "8 sources". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The common answer for a target that is missing or refused. */
    static ValidationResult unreadable(ValidationSpec spec, RepoFiles.Resolved r, String wanted) {
        String shown = r.relative() != null ? r.relative() : r.given();
        if (r.refused()) {
            return result(spec, shown, false, r.escape());
        }
        if (r.isDirectory()) {
            return result(spec, shown, false, "is a folder, wanted a file" + (wanted == null ? "" : " (" + wanted + ")"));
        }
        return result(spec, shown, false, "missing: " + shown + " does not exist" + (wanted == null ? "" : "; wanted " + wanted));
    }
}
