package dev.orun.run;

import static java.util.Objects.requireNonNull;

/** The run's artifacts index: the latest hash of each output path, upserted by path. */
public record IndexedArtifact(String path, String resolvedPath, String sha256, Long bytes, String gate,
                              Integer attempt, String recordedAt) {
    public IndexedArtifact {
        requireNonNull(path, "path");
        requireNonNull(sha256, "sha256");
    }
}
