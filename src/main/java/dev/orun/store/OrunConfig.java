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

/** {@code orchestration/orun.yaml}: optional repository settings, validated against orun-config.schema.json. */
public record OrunConfig(Integer retentionKeep, String retentionOlderThan) {
    public static final String SCHEMA = "orun-config.schema.json";

    public static OrunConfig load(OrunPaths paths, SchemaValidator schemas) {
        JsonNode tree = tree(paths, schemas);
        if (tree == null) {
            return new OrunConfig(null, null);
        }
        JsonNode r = tree.path("retention");
        return new OrunConfig(r.has("keep") ? r.get("keep").asInt() : null,
                r.has("older_than") ? r.get("older_than").asString() : null);
    }

    /** orun.yaml as a tree checked against its schema; null when there is none (or it is empty). */
    public static JsonNode tree(OrunPaths paths, SchemaValidator schemas) {
        Path file = paths.orchestration().resolve("orun.yaml");
        if (!Files.isRegularFile(file)) {
            return null;
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
            return null;
        }
        List<Violation> v = schemas.validate(SCHEMA, tree);
        if (!v.isEmpty()) {
            throw OrunException.invalid(where + " " + (v.get(0).pointer().isEmpty() ? "/" : v.get(0).pointer()) + ": "
                    + v.get(0).message() + ": fix the setting (schema: contracts/" + SCHEMA + ")");
        }
        return tree;
    }
}
