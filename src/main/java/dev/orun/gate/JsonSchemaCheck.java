package dev.orun.gate;

import dev.orun.schema.SyntaxProblem;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaRefs;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** {@code json_schema}: the target (JSON, or YAML by extension) validates against the {@code schema} file. */
final class JsonSchemaCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        RepoFiles.Resolved schema = ctx.path(spec.text("schema"), spec.pointer() + "/schema");
        RepoFiles.Resolved r = ctx.target(spec);
        if (!schema.isFile()) {
            String shown = schema.relative() != null ? schema.relative() : schema.given();
            return List.of(Check.result(spec, r.relative() != null ? r.relative() : r.given(), false,
                    schema.refused() ? "schema " + schema.escape() : "schema file " + shown + " does not exist; wanted a JSON Schema there"));
        }
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "a document valid against " + schema.relative()));
        }
        JsonNode doc;
        JsonNode schemaTree;
        try {
            String name = r.file().getFileName().toString();
            doc = name.endsWith(".yaml") || name.endsWith(".yml") ? Json.yaml().readTree(r.file().toFile())
                    : Json.LENIENT.readTree(r.file().toFile());
        } catch (JacksonException e) {
            SyntaxProblem p = SyntaxProblem.of(e, r.file().getFileName().toString());
            return List.of(Check.result(spec, r.relative(), false, "not parseable" + p.sentence()
                    + "; wanted a document valid against " + schema.relative()));
        }
        try {
            schemaTree = Json.LENIENT.readTree(schema.file().toFile());
        } catch (JacksonException e) {
            throw ctx.contractError(spec, "schema", schema.relative() + " is not valid JSON" + SyntaxProblem.ofJson(e).sentence());
        }
        if (schemaTree == null || !schemaTree.isObject()) {
            throw ctx.contractError(spec, "schema", schema.relative() + " is not a JSON Schema object: fix the schema file");
        }
        List<String> refs = SchemaRefs.unfollowed(schemaTree);
        if (!refs.isEmpty()) {
            throw ctx.contractError(spec, "schema", schema.relative() + " " + refs.get(0)
                    + (refs.size() > 1 ? " (and " + (refs.size() - 1) + " more)" : ""));
        }
        List<Violation> violations = ctx.schemas().validateAgainstFile(schema.file(), doc);
        if (violations.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, "valid against " + schema.relative()));
        }
        // Every violation, so that one run of the agent can fix them all (the first 20, then how many more).
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, violations.size()); i++) {
            Violation v = violations.get(i);
            all.append(i == 0 ? "" : "; ").append(v.pointer().isEmpty() ? "/" : v.pointer()).append(": ").append(v.message());
        }
        if (violations.size() > SHOWN) {
            all.append("; and ").append(violations.size() - SHOWN).append(" more");
        }
        return List.of(Check.result(spec, r.relative(), false, violations.size() + " schema violation"
                + (violations.size() == 1 ? "" : "s") + " against " + schema.relative() + ": " + all + "; wanted none"));
    }

    /** How many violations a result names. */
    private static final int SHOWN = 20;
}
