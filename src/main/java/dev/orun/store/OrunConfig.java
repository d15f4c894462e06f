package dev.orun.store;

import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code orchestration/orun.yaml}: optional repository settings, validated against orun-config.schema.json.
 * {@code artifactPath} is the pattern (with {@code {slug}}) a run's outputs go to when no --artifact-path is given.
 */
public record OrunConfig(Integer retentionKeep, String retentionOlderThan, String artifactPath) {
    public static final String SCHEMA = "orun-config.schema.json";

    public static OrunConfig load(OrunPaths paths, SchemaValidator schemas) {
        Path file = paths.orchestration().resolve("orun.yaml");
        if (!Files.isRegularFile(file)) {
            return new OrunConfig(null, null, null);
        }
        String where = paths.relative(file);
        JsonNode tree;
        try {
            tree = Json.yaml().readTree(file.toFile());
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw OrunException.invalid(where + ": not valid " + "YAML"
                    + (at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + " (" + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + "): fix the YAML");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new OrunConfig(null, null, null);
        }
        List<Violation> v = schemas.validate(SCHEMA, tree);
        if (!v.isEmpty()) {
            throw OrunException.invalid(where + " " + (v.get(0).pointer().isEmpty() ? "/" : v.get(0).pointer()) + ": "
                    + v.get(0).message() + ": fix the setting (schema: contracts/" + SCHEMA + ")");
        }
        JsonNode r = tree.path("retention");
        return new OrunConfig(r.has("keep") ? r.get("keep").asInt() : null,
                r.has("older_than") ? r.get("older_than").asString() : null,
                tree.hasNonNull("artifact_path") ? tree.get("artifact_path").asString() : null);
    }
}
