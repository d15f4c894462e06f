package dev.orun.issues;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes {@code sync.json}, validated against {@code contracts/issue-sync.schema.json} both ways. */
final class SyncStateFile {
    static final String SCHEMA = "issue-sync.schema.json";

    private final Path file;
    private final String where;
    private final SchemaValidator schemas;

    SyncStateFile(Path file, String where, SchemaValidator schemas) {
        this.file = file;
        this.where = where;
        this.schemas = schemas;
    }

    /** The saved state, or null when there is none. A file that breaks its schema stops the sync (exit 4). */
    SyncState read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = Json.STRICT.readTree(bytes);
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence() + "; or restore it with 'git checkout -- " + where
                    + "' or delete it (the issues' markers rebuild it)");
        }
        List<Violation> violations = schemas.validate(SCHEMA, tree);
        if (!violations.isEmpty()) {
            throw RunStore.schemaError(where, violations);
        }
        return Json.STRICT.treeToValue(tree, SyncState.class);
    }

    void write(SyncState state) {
        JsonNode tree = Json.STRICT.valueToTree(state);
        List<Violation> violations = schemas.validate(SCHEMA, tree);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("refusing to write " + where + " that breaks " + SCHEMA + ": " + violations);
        }
        AtomicFiles.write(file, Json.prettyBytes(tree));
    }
}
