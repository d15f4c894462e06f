package dev.orun.run;

import static java.util.Objects.requireNonNull;

/** The original prompt of a run: a repository-relative path and its SHA-256. */
public record PromptRef(String file, String sha256) {
    public PromptRef {
        requireNonNull(file, "file");
        requireNonNull(sha256, "sha256");
    }
}
