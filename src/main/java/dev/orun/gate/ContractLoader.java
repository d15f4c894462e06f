package dev.orun.gate;

import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.OrunPaths;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a gate contract and validates it against gate-contract.schema.json (a malformed contract is exit 4). */
public final class ContractLoader {
    public static final String SCHEMA = "gate-contract.schema.json";

    private final OrunPaths paths;
    private final SchemaValidator schemas;

    public ContractLoader(OrunPaths paths, SchemaValidator schemas) {
        this.paths = paths;
        this.schemas = schemas;
    }

    /** Loads the contract at a repository-relative path (as a workflow names it). Missing → exit 3. */
    public GateContract load(String relativePath, String what) {
        Path file = paths.resolveInside(relativePath, what);
        if (!Files.exists(file)) {
            throw OrunException.notFound(what + ": contract " + relativePath + " not found: create it or fix the path");
        }
        if (!paths.checkInside(file)) {
            throw OrunException.invalid(what + ": contract " + relativePath + " is a symlink that escapes the repository: "
                    + "keep contracts inside the repository");
        }
        return load(file);
    }

    public GateContract load(Path file) {
        String where = paths.relative(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw OrunException.notFound(where + ": contract not found: create it or fix the path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = Json.STRICT.readTree(bytes); // STRICT: a key given twice is an error, not last-wins
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw OrunException.invalid(where + ": not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": fix the syntax of the contract");
        }
        List<String> problems = problems(tree);
        if (!problems.isEmpty()) {
            throw OrunException.invalid(where + " " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                    + ": fix the contract (schema: contracts/" + SCHEMA + ")");
        }
        return toContract(tree, where);
    }

    /** Every schema problem of a contract tree, each as "pointer: message"; empty when valid. */
    public List<String> problems(JsonNode tree) {
        List<String> out = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            out.add("/: is not a JSON object; a contract needs 'gate' and 'required_outputs'");
            return out;
        }
        List<Violation> violations = schemas.validate(SCHEMA, tree);
        // Name unknown fields and unknown types first: they are the usual mistake and the clearest message.
        for (Violation v : violations) {
            if (v.message().contains("not defined in the schema") || v.message().contains("is not defined")) {
                out.add(v.pointer() + ": unknown field '" + v.pointer().substring(v.pointer().lastIndexOf('/') + 1) + "'");
            }
        }
        JsonNode validations = tree.get("validations");
        if (validations != null && validations.isArray()) {
            for (int i = 0; i < validations.size(); i++) {
                JsonNode type = validations.get(i).get("type");
                if (type != null && type.isString() && !Checks.known(type.asString(), paths, schemas)) {
                    out.add("/validations/" + i + "/type: unknown validation type '" + type.asString() + "' (known: "
                            + String.join(", ", Checks.TYPES) + "; or declare it under validation_types in orchestration/orun.yaml)");
                }
            }
        }
        if (out.isEmpty()) {
            for (Violation v : violations) {
                out.add((v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message());
            }
        }
        return out;
    }

    private static GateContract toContract(JsonNode tree, String where) {
        JsonNode ro = tree.get("required_outputs");
        OutputMode mode;
        JsonNode list;
        String base;
        if (ro.isArray()) {
            mode = OutputMode.LIST;
            list = ro;
            base = "/required_outputs";
        } else if (ro.has("all_of")) {
            mode = OutputMode.ALL_OF;
            list = ro.get("all_of");
            base = "/required_outputs/all_of";
        } else {
            mode = OutputMode.ANY_OF;
            list = ro.get("any_of");
            base = "/required_outputs/any_of";
        }
        List<OutputSpec> outputs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode o = list.get(i);
            String pointer = base + "/" + i;
            if (o.isString()) {
                outputs.add(new OutputSpec(o.asString(), null, null, null, null, pointer + ""));
            } else {
                outputs.add(new OutputSpec(o.get("path").asString(), text(o, "description"),
                        o.has("required") ? o.get("required").asBoolean() : null,
                        strings(o.get("required_for_depth")), strings(o.get("optional_for_depth")), pointer + "/path"));
            }
        }
        List<ValidationSpec> validations = new ArrayList<>();
        JsonNode vs = tree.get("validations");
        if (vs != null) {
            for (int i = 0; i < vs.size(); i++) {
                JsonNode v = vs.get(i);
                validations.add(new ValidationSpec(v.get("type").asString(), text(v, "target"), text(v, "severity"), v,
                        "/validations/" + i));
            }
        }
        boolean blocking = !tree.has("blocking") || tree.get("blocking").asBoolean();
        return new GateContract(tree.get("gate").asString(), text(tree, "name"), blocking,
                tree.get("description") != null && tree.get("description").isString() ? tree.get("description").asString() : null,
                mode, outputs, validations, where);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isString() ? null : v.asString();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asString()));
        return out;
    }
}
