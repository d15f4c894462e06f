package dev.orun.store;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code orchestration/orun.yaml}: optional repository settings, validated against orun-config.schema.json.
 * {@code artifactPath} is the pattern (with {@code {slug}}) a run's outputs go to when no --artifact-path is given;
 * {@code validationTypes}: the team's own validation types, each run as a command.
 */
public record OrunConfig(Integer retentionKeep, String retentionOlderThan, String artifactPath,
                         Map<String, ValidationType> validationTypes) {
    public static final String SCHEMA = "orun-config.schema.json";

    public OrunConfig {
        validationTypes = validationTypes == null ? Map.of() : Map.copyOf(validationTypes);
    }

    public OrunConfig(Integer retentionKeep, String retentionOlderThan) {
        this(retentionKeep, retentionOlderThan, null, Map.of());
    }

    /** A team's validation type ({@code validation_types.<name>}): the command that checks one validation of it. */
    public record ValidationType(String name, List<String> command, String timeout, String where) {
        public ValidationType {
            command = List.copyOf(command);
        }
    }

    public static OrunConfig load(OrunPaths paths, SchemaValidator schemas) {
        JsonNode tree = tree(paths, schemas);
        if (tree == null) {
            return new OrunConfig(null, null, null, Map.of());
        }
        String where = paths.relative(paths.orchestration().resolve("orun.yaml"));
        JsonNode r = tree.path("retention");
        Map<String, ValidationType> types = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : tree.path("validation_types").properties()) {
            List<String> command = new ArrayList<>();
            e.getValue().get("command").forEach(a -> command.add(a.asString()));
            JsonNode t = e.getValue().get("timeout");
            types.put(e.getKey(), new ValidationType(e.getKey(), command, t == null ? null : t.asString(),
                    where + " /validation_types/" + e.getKey()));
        }
        return new OrunConfig(r.has("keep") ? r.get("keep").asInt() : null,
                r.has("older_than") ? r.get("older_than").asString() : null,
                tree.hasNonNull("artifact_path") ? tree.get("artifact_path").asString() : null, types);
    }

    /** orun.yaml as a tree checked against its schema; null when there is none (or it is empty). */
    public static JsonNode tree(OrunPaths paths, SchemaValidator schemas) {
        Path file = paths.orchestration().resolve("orun.yaml");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String where = paths.relative(file);
        JsonNode tree;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            tree = schemas.yaml(bytes); // parsed before: its tree from the memo

        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid YAML" + SyntaxProblem.ofYaml(e).sentence());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return null;
        }
        List<Violation> v = schemas.validate(SCHEMA, tree, bytes); // contents that passed before skip the schema (the memo)
        if (!v.isEmpty()) {
            throw OrunException.invalid(where + " " + (v.get(0).pointer().isEmpty() ? "/" : v.get(0).pointer()) + ": "
                    + v.get(0).message() + ": fix the setting (schema: contracts/" + SCHEMA + ")");
        }
        return tree;
    }
}
