package dev.orun.gate;

import dev.orun.schema.ControlCharacters;
import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.Trees;
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
            tree = Trees.json(bytes); // as Json.STRICT reads it: a key given twice is an error, not last-wins
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence());
        }
        List<String> problems = problems(tree, bytes);
        if (!problems.isEmpty()) {
            throw OrunException.invalid(where + " " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: 'orun contracts check' lists them)" : "")
                    + ": fix the contract (schema: contracts/" + SCHEMA + ")");
        }
        return toContract(tree, where);
    }

    /**
     * Every schema problem of a contract tree, each as "pointer: message"; empty when valid. Unknown fields and
     * unknown validation types are named as such; the schema's other complaints follow, without the summary lines
     * of a oneOf/anyOf whose cause is already listed.
     */
    public List<String> problems(JsonNode tree) {
        return problems(tree, null);
    }

    /** As {@link #problems(JsonNode)}, for a tree parsed from {@code bytes} (contents that passed before skip the schema). */
    private List<String> problems(JsonNode tree, byte[] bytes) {
        List<String> out = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            out.add("/: is not a JSON object; a contract needs 'gate' and 'required_outputs'");
            return out;
        }
        List<Violation> violations = schemas.validate(SCHEMA, tree, bytes);
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        for (Violation v : violations) {
            if (v.message().contains("not defined in the schema") || v.message().contains("is not defined")) {
                String field = v.pointer().substring(v.pointer().lastIndexOf('/') + 1);
                named.add(v.pointer() + ": unknown field '" + field + "'" + hint(v.pointer(), field));
            }
        }
        out.addAll(named);
        List<String> badTypes = new ArrayList<>();
        JsonNode validations = tree.get("validations");
        if (validations != null && validations.isArray()) {
            for (int i = 0; i < validations.size(); i++) {
                JsonNode type = validations.get(i).get("type");
                if (type != null && type.isString() && !Checks.known(type.asString(), paths, schemas)) {
                    badTypes.add("/validations/" + i);
                    out.add("/validations/" + i + "/type: unknown validation type '" + type.asString() + "' (known: "
                            + String.join(", ", Checks.TYPES) + "; or declare it under validation_types in orchestration/orun.yaml)");
                }
                if (validations.get(i).has("env") && type != null && type.isString() && !type.asString().equals("command")) {
                    out.add("/validations/" + i + "/env: only a command validation takes env (the variables its command "
                            + "gets); remove it from this " + type.asString() + " validation");
                }
            }
        }
        java.util.Set<String> rest = new java.util.LinkedHashSet<>();
        for (Violation v : violations) {
            String p = v.pointer();
            if (v.message().contains("not defined in the schema") || v.message().contains("is not defined")) {
                continue;
            }
            String parent = eitherOr(v, violations);
            if (parent != null) {
                // 'thresholds' or 'min' (anyOf): the schema reports both missing; one of them is wanted, said once.
                rest.add(parent + ": needs 'thresholds' or 'min', and has neither: add \"min\": N, or "
                        + "\"thresholds\": {\"quick\": N, \"standard\": N, \"deep\": N}");
                continue;
            }
            // A validation of an unknown type fails its type's enum and every if/then: its type is the cause.
            if (badTypes.stream().anyMatch(b -> p.equals(b) || p.startsWith(b + "/"))) {
                continue;
            }
            // "must be valid to one and only one schema" restates a cause listed at or under the same place.
            if (isSummary(v.message()) && (named.stream().anyMatch(n -> n.startsWith(p + "/"))
                    || violations.stream().anyMatch(o -> o != v && !isSummary(o.message()) && o.pointer().startsWith(p)))) {
                continue;
            }
            // "object found, array expected" is the other branch of a oneOf when the object branch's own causes are listed.
            if (v.message().matches(".* found, .* expected") && (named.stream().anyMatch(n -> n.startsWith(p + "/"))
                    || violations.stream().anyMatch(o -> o != v && o.pointer().startsWith(p + "/")))) {
                continue;
            }
            String m = v.message().matches("required property '.*' not found")
                    ? "missing field '" + v.message().replaceAll("required property '(.*)' not found", "$1") + "': add it"
                    : v.message().matches("must have at least \\d+ items but found 0") ? empty(p)
                    : v.message();
            rest.add((p.isEmpty() ? "/" : p) + ": " + m);
        }
        out.addAll(rest);
        return ControlCharacters.first(tree, out);
    }

    /** An empty list the schema wants items in, said with what to do; {@code any_of} would be a group nothing can meet. */
    private static String empty(String pointer) {
        if (pointer.equals("/required_outputs/any_of")) {
            return "is empty, so no output could ever meet it: list at least one output in any_of, or remove any_of";
        }
        return "is empty: give it at least one item";
    }

    /** The validation's pointer when {@code v} is half of "neither 'thresholds' nor 'min'" (both reported missing), else null. */
    private static String eitherOr(Violation v, List<Violation> all) {
        String p = v.pointer();
        int slash = p.lastIndexOf('/');
        if (slash < 0 || !v.message().contains("required property")) {
            return null;
        }
        String parent = p.substring(0, slash);
        String name = p.substring(slash + 1);
        String other = name.equals("thresholds") ? "min" : name.equals("min") ? "thresholds" : null;
        if (other == null) {
            return null;
        }
        boolean both = all.stream().anyMatch(w -> w.pointer().equals(parent + "/" + other) && w.message().contains("required property"));
        return both ? (parent.isEmpty() ? "/" : parent) : null;
    }

    private static boolean isSummary(String message) {
        return message.contains("one and only one schema") || message.contains("at least one schema")
                || message.contains("should be valid to");
    }

    /** Where an unknown field belongs elsewhere, say so. */
    private static String hint(String pointer, String field) {
        if (pointer.equals("/" + field) && (field.equals("metadata_source") || field.equals("implementation_target"))) {
            return ": it belongs in a viz_tech_match validation, not at the top of the contract";
        }
        return "";
    }

    private static GateContract toContract(JsonNode tree, String where) {
        JsonNode ro = tree.get("required_outputs");
        List<OutputSpec> outputs = new ArrayList<>();
        OutputMode mode;
        if (ro.isArray()) {
            mode = OutputMode.LIST;
            outputs(ro, "/required_outputs", false, outputs);
        } else {
            boolean all = ro.has("all_of");
            boolean any = ro.has("any_of");
            mode = all && any ? OutputMode.BOTH : all ? OutputMode.ALL_OF : OutputMode.ANY_OF;
            if (all) {
                outputs(ro.get("all_of"), "/required_outputs/all_of", false, outputs);
            }
            if (any) {
                outputs(ro.get("any_of"), "/required_outputs/any_of", true, outputs);
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
        List<GateContract.PreScript> scripts = new ArrayList<>();
        JsonNode ps = tree.get("pre_scripts");
        for (int i = 0; ps != null && i < ps.size(); i++) {
            JsonNode s = ps.get(i);
            scripts.add(new GateContract.PreScript(s.get("path").asString(), strings(s.get("args")), "/pre_scripts/" + i));
        }
        List<GateContract.RequiredSkill> skills = new ArrayList<>();
        JsonNode rs = tree.get("required_skills");
        for (int i = 0; rs != null && i < rs.size(); i++) {
            JsonNode s = rs.get(i);
            skills.add(new GateContract.RequiredSkill(s.get("path").asString(), text(s, "name"), text(s, "reason"),
                    strings(s.get("inject")), "/required_skills/" + i));
        }
        boolean blocking = !tree.has("blocking") || tree.get("blocking").asBoolean();
        return new GateContract(tree.get("gate").asString(), text(tree, "name"), blocking,
                tree.get("description") != null && tree.get("description").isString() ? tree.get("description").asString() : null,
                mode, outputs, validations, where, text(tree, "agent"), scripts, skills);
    }

    private static void outputs(JsonNode list, String base, boolean anyOf, List<OutputSpec> into) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode o = list.get(i);
            String pointer = base + "/" + i;
            if (o.isString()) {
                into.add(new OutputSpec(o.asString(), null, null, null, null, pointer, anyOf));
            } else {
                into.add(new OutputSpec(o.get("path").asString(), text(o, "description"),
                        o.has("required") ? o.get("required").asBoolean() : null,
                        strings(o.get("required_for_depth")), strings(o.get("optional_for_depth")), pointer + "/path", anyOf));
            }
        }
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
        for (JsonNode x : array) {
            out.add(x.asString());
        }
        return out;
    }
}
