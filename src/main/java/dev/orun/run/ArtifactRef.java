package dev.orun.run;

import static java.util.Objects.requireNonNull;

/** An output of an attempt: the contract path, where it resolved (repository-relative) and its hash. */
public record ArtifactRef(String path, String resolvedPath, String sha256, Long bytes, boolean exists) {
    public ArtifactRef {
        requireNonNull(path, "path");
    }
}
