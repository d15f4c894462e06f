package dev.orun.gate;

/** A contract output resolved for one run: where it is, whether it is required at the run's depth. */
public record ResolvedOutput(OutputSpec spec, RepoFiles.Resolved resolved, boolean required) {
    /** The path as results show it: repository-relative, or the expanded text when refused. */
    public String shown() {
        return resolved.relative() != null ? resolved.relative() : resolved.given();
    }
}
