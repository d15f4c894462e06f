package dev.orun.workflow;

import dev.orun.schema.ControlCharacters;
import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Trees;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.OrunPaths;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workflows of a repository: {@code orchestration/workflows/*.yaml|yml|json} and, for the seed's
 * layout, {@code orchestration/runner/workflows/*.json}. Each is validated against workflow.schema.json.
 */
public final class WorkflowCatalog {
    private final OrunPaths paths;
    private final SchemaValidator schemas;

    public WorkflowCatalog(OrunPaths paths, SchemaValidator schemas) {
        this.paths = paths;
        this.schemas = schemas;
    }

    public SchemaValidator schemas() {
        return schemas;
    }

    /** The folders searched, in order. */
    public List<Path> folders() {
        return List.of(paths.orchestration().resolve("workflows"), paths.orchestration().resolve("runner").resolve("workflows"));
    }

    /** Workflow files by workflow name (from the file name); the first folder wins. */
    public Map<String, Path> files() {
        Map<String, Path> found = new TreeMap<>();
        for (Path folder : folders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            // A directory stream and a loop, not Files.list's stream: the everyday writes run no lambda (docs/performance.md)
            List<Path> listed = new ArrayList<>();
            try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                for (Path p : s) {
                    if (isWorkflowFile(p)) {
                        listed.add(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            java.util.Collections.sort(listed);
            for (Path p : listed) {
                found.putIfAbsent(baseName(p), p);
            }
        }
        return found;
    }

    public List<String> names() {
        return new ArrayList<>(files().keySet());
    }

    /** The workflow called {@code name}; unknown → exit 3 listing the known ones. */
    public Workflow find(String name) {
        Path file = files().get(name);
        if (file == null) {
            throw OrunException.notFound("workflow '" + name + "' not found in " + folders().stream().map(paths::relative).toList()
                    + ": known workflows are " + names() + "; add orchestration/workflows/" + name + ".yaml");
        }
        Workflow wf = load(file);
        if (!wf.name().equals(name)) {
            throw OrunException.invalid(paths.relative(file) + " /workflow: is '" + wf.name()
                    + "' but the file is named for '" + name + "': make them agree");
        }
        return wf;
    }

    /** Parses and validates one workflow file; its first problem is the error (exit 4). */
    public Workflow load(Path file) {
        String where = paths.relative(file);
        byte[] bytes = bytes(file);
        JsonNode tree = read(file, bytes);
        List<String> problems = problems(tree, bytes);
        if (!problems.isEmpty()) {
            throw OrunException.invalid(where + " " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: 'orun contracts check' lists them)" : "")
                    + ": fix the workflow (schema: contracts/" + SchemaValidator.WORKFLOW + ")");
        }
        return toWorkflow(tree, file);
    }

    /** The parsed file; a syntax error or an empty file is an error (exit 4). */
    public JsonNode read(Path file) {
        return read(file, bytes(file));
    }

    private JsonNode read(Path file, byte[] bytes) {
        String where = paths.relative(file);
        JsonNode tree;
        try {
            String name = file.getFileName().toString();
            tree = name.endsWith(".json") ? Trees.json(bytes) : schemas.yaml(bytes); // YAML parsed before: from the memo
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid " + (where.endsWith(".json") ? "JSON" : "YAML")
                    + SyntaxProblem.of(e, where).sentence());
        }
        if (tree == null || !tree.isObject()) {
            throw OrunException.invalid(where + ": is empty or not an object: a workflow needs 'workflow' and 'gates'");
        }
        return tree;
    }

    /** Every problem of a parsed workflow, each "pointer: message": schema violations, then duplicate gate ids. */
    public List<String> problems(JsonNode tree) {
        return problems(tree, null);
    }

    /** As {@link #problems(JsonNode)}, for a tree parsed from {@code bytes} (contents that passed before skip the schema). */
    private List<String> problems(JsonNode tree, byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (Violation v : schemas.validate(SchemaValidator.WORKFLOW, tree, bytes)) {
            String p = v.pointer().isEmpty() ? "/" : v.pointer();
            if (v.message().contains("not defined in the schema") || v.message().contains("is not defined")) {
                out.add(p + ": unknown field '" + p.substring(p.lastIndexOf('/') + 1) + "'");
            } else if (!v.message().contains("one and only one schema") || out.stream().noneMatch(o -> o.startsWith(p))) {
                out.add(p + ": " + v.message());
            }
        }
        JsonNode gates = tree.get("gates");
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; gates != null && gates.isArray() && i < gates.size(); i++) {
            JsonNode id = gates.get(i).get("gate");
            if (id != null && id.isString()) {
                Integer first = seen.putIfAbsent(id.asString(), i);
                if (first != null) {
                    out.add("/gates/" + i + "/gate: duplicate gate id '" + id.asString() + "' (also /gates/" + first
                            + "): give each gate its own id");
                }
            }
        }
        return ControlCharacters.first(tree, out);
    }

    private byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + paths.relative(file) + ": " + e.getMessage(), e);
        }
    }

    private Workflow toWorkflow(JsonNode tree, Path file) {
        List<WorkflowGate> gates = new ArrayList<>();
        for (JsonNode g : tree.get("gates")) {
            JsonNode exec = g.get("exec");
            List<String> command = new ArrayList<>();
            boolean shell = false;
            if (exec != null && exec.isArray()) {
                for (JsonNode x : exec) {
                    command.add(x.asString());
                }
            } else if (exec != null && exec.isString()) {
                command.add(exec.asString());
                shell = true;
            }
            gates.add(new WorkflowGate(
                    g.get("gate").asString(),
                    text(g, "name"),
                    text(g, "agent"),
                    g.get("contract").asString(),
                    text(g, "prompt_template"),
                    text(g, "description"),
                    command, shell,
                    g.has("max_attempts") ? g.get("max_attempts").asInt() : 1,
                    text(g, "timeout"),
                    text(g, "phase"),
                    text(g, "model"),
                    texts(g, "audits"),
                    texts(g, "env")));
        }
        return new Workflow(tree.get("workflow").asString(), text(tree, "version"), text(tree, "description"), gates, file);
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : node.path(field)) {
            out.add(x.asString());
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static boolean isWorkflowFile(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
