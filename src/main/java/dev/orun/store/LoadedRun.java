package dev.orun.store;

import dev.orun.run.RunRecord;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * A RUN.json as read: the validated tree, and the typed record when it is orun's own and was asked for
 * (null for a legacy record written by the seed's Node runner, which orun reads but never rewrites, and
 * for a tree read only to be listed).
 */
public record LoadedRun(String runId, Path file, JsonNode tree, RunRecord record) {
    public boolean legacy() {
        return !tree.has("schema_version");
    }
}
