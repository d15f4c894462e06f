package dev.orun.plan;

import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a pack file made elsewhere and says whether it may be attached: its schema, then the pack checks. */
final class PackImporter {
    private final SchemaValidator schemas;

    PackImporter(SchemaValidator schemas) {
        this.schemas = schemas;
    }

    /** A pack that passed its schema and the checks, with the checks' warnings. */
    record Checked(JsonNode pack, List<Violation> warnings) {
    }

    /** The pack in {@code file}; one that breaks its schema or a check is refused (exit 4). */
    Checked read(Path file, String shownName) {
        JsonNode pack = readJson(file, shownName);
        List<Violation> violations = schemas.validate(PackSchema.NAME, pack);
        if (!violations.isEmpty()) {
            throw refused(shownName, violations, "fix the pack (schema: contracts/" + PackSchema.NAME + ")");
        }
        PackChecks.Findings findings = PackChecks.check(pack);
        if (!findings.errors().isEmpty()) {
            throw refused(shownName, findings.errors(), "fix the pack");
        }
        return new Checked(pack, findings.warnings());
    }

    /** A pack orun assembled, checked; a schema or check error there is orun's own bug. */
    Checked checkAssembled(JsonNode pack) {
        List<Violation> violations = new ArrayList<>(schemas.validate(PackSchema.NAME, pack));
        PackChecks.Findings findings = PackChecks.check(pack);
        violations.addAll(findings.errors());
        if (!violations.isEmpty()) {
            throw refused("the assembled pack", violations, "this is a bug in orun's sections; report it");
        }
        return new Checked(pack, findings.warnings());
    }

    private static JsonNode readJson(Path file, String shown) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw OrunException.notFound(shown + " does not exist: pass the path of an architecture pack JSON file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
        }
        try {
            JsonNode tree = Json.LENIENT.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw OrunException.invalid(shown + ": is not a JSON object: an architecture pack is one JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            throw OrunException.invalid(shown + ": not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": fix the syntax");
        }
    }

    private static OrunException refused(String where, List<Violation> violations, String fix) {
        Violation first = violations.get(0);
        return OrunException.invalid(where + " " + (first.pointer().isEmpty() ? "/" : first.pointer()) + ": " + first.message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "") + ": " + fix
                + "; nothing was written to record/artifacts/");
    }
}
