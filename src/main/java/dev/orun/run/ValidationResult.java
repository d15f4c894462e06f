package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonIgnore;

import static java.util.Objects.requireNonNull;

/** One check's verdict: what it found against what it wanted, in {@code message}. */
public record ValidationResult(String type, String target, boolean pass, String severity, String message) {
    public ValidationResult {
        requireNonNull(type, "type");
        severity = severity == null ? "error" : severity;
    }

    @JsonIgnore // derived from severity; not a field of the record
    public boolean isWarning() {
        return "warning".equals(severity);
    }
}
