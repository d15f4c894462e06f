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
        return count(n, noun, noun + "s");
    }

    /** {@code n} and the singular or plural noun: "1 match", "3 matches". */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * As {@link #count(long, String)} for a count given as text, which may be "?" or carry a note after the number
     * ("5 (depth deep)"): the noun goes after the number, singular for "1": "1 source (depth quick)".
     */
    static String count(String n, String noun) {
        int sp = n.indexOf(' ');
        String number = sp < 0 ? n : n.substring(0, sp);
        return number + " " + noun + ("1".equals(number) ? "" : "s") + (sp < 0 ? "" : n.substring(sp));
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
