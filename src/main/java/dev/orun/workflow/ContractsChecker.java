package dev.orun.workflow;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.gate.ContractLoader;
import dev.orun.gate.PathVariables;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code contracts check}: every workflow and contract of the repository parses and validates, names only known
 * validation types, and points at files that exist. A missing prompt template, and a variable that only a run's
 * {@code --var} can give, are warnings.
 */
public final class ContractsChecker {
    private final OrunPaths paths;
    private final SchemaValidator schemas;
    private final WorkflowCatalog workflows;

    public ContractsChecker(OrunPaths paths, SchemaValidator schemas, WorkflowCatalog workflows) {
        this.paths = paths;
        this.schemas = schemas;
        this.workflows = workflows;
    }

    /** {@code level}: error or warning; {@code file} repository-relative. */
    public record Problem(String level, String file, String message) {
    }

    public record Result(int workflows, int contracts, List<Problem> problems) {
        public long errors() {
            return problems.stream().filter(p -> p.level().equals("error")).count();
        }
    }

    /** A gate that audits another must not be done by the same agent: the producer would approve its own work. */
    private static void audits(Workflow wf, String where, List<Problem> problems) {
        for (int i = 0; i < wf.gates().size(); i++) {
            WorkflowGate g = wf.gates().get(i);
            for (String audited : g.audits()) {
                WorkflowGate producer = wf.gate(audited);
                if (producer == null) {
                    problems.add(new Problem("error", where, "/gates/" + i + "/audits: '" + audited + "' is not a gate of workflow "
                            + wf.name() + ": name one of " + wf.gates().stream().map(WorkflowGate::gate).toList()));
                } else if (producer == g) {
                    problems.add(new Problem("error", where, "/gates/" + i + "/audits: gate " + g.gate() + " audits itself: "
                            + "an audit is done by another gate"));
                } else if (g.agent() != null && g.agent().equals(producer.agent())) {
                    problems.add(new Problem("error", where, "/gates/" + i + "/agent: gate " + g.gate() + " audits " + audited
                            + " but both are done by agent '" + g.agent() + "': give the auditing gate its own agent, so "
                            + "the producer does not approve its own work"));
                }
            }
        }
    }

    public Result check() {
        List<Problem> problems = new ArrayList<>();
        Set<Path> contracts = new LinkedHashSet<>();
        Set<Path> referenced = new LinkedHashSet<>();
        Set<String> workflowGates = new LinkedHashSet<>();
        int workflowCount = 0;
        for (Path folder : workflows.folders()) {
            for (Path file : list(folder, n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) {
                workflowCount++;
                String where = paths.relative(file);
                Workflow wf;
                try {
                    JsonNode tree = workflows.read(file);
                    List<String> wfProblems = workflows.problems(tree);
                    if (!wfProblems.isEmpty()) {
                        wfProblems.forEach(p -> problems.add(new Problem("error", where, p)));
                        continue;
                    }
                    wf = workflows.load(file);
                } catch (OrunException e) {
                    problems.add(problem(where, e.getMessage()));
                    continue;
                }
                String fileName = file.getFileName().toString();
                String baseName = fileName.substring(0, fileName.lastIndexOf('.'));
                if (!wf.name().equals(baseName)) {
                    problems.add(new Problem("error", where, "/workflow: is '" + wf.name() + "' but the file is named for '"
                            + baseName + "' (orun run " + baseName + " finds it by its file name): make them agree"));
                }
                workflowGates.addAll(wf.gates().stream().map(WorkflowGate::gate).toList());
                for (int i = 0; i < wf.gates().size(); i++) {
                    WorkflowGate g = wf.gates().get(i);
                    String at = "/gates/" + i;
                    Path contract;
                    try {
                        contract = paths.resolveInside(g.contract(), where + " " + at + "/contract");
                    } catch (OrunException e) {
                        problems.add(problem(where, e.getMessage()));
                        continue;
                    }
                    if (!Files.isRegularFile(contract)) {
                        problems.add(new Problem("error", where, at + "/contract: " + g.contract() + " does not exist: create it or fix the path"));
                        continue;
                    }
                    contracts.add(contract);
                    referenced.add(contract.toAbsolutePath().normalize());
                    JsonNode tree = readContract(contract, problems);
                    if (tree != null && tree.path("gate").isString() && !tree.path("gate").asString().equals(g.gate())) {
                        problems.add(new Problem("error", paths.relative(contract), "/gate: is '" + tree.path("gate").asString()
                                + "' but workflow " + wf.name() + " uses it for gate " + g.gate() + ": make them agree"));
                    }
                    for (int k = 0; k < g.exec().size(); k++) {
                        String arg = g.exec().get(k);
                        for (String name : PathVariables.unknownIn(arg.replaceAll("\\$\\{", "\\$("), List.of("prompt_file"))) {
                            problems.add(new Problem("warning", where, at + "/exec: uses {" + name + "}, which orun does not fill ("
                                    + String.join(", ", PathVariables.BUILT_IN) + ", prompt_file)" + nearMiss(name, EXEC_NAMES)
                                    + "it is left as written unless runs pass --var " + name + "=VALUE"));
                        }
                    }
                    if (!promptTemplateExists(wf, g)) {
                        problems.add(new Problem("warning", where, at + "/prompt_template: '" + g.promptTemplate()
                                + "' not found (looked for " + promptCandidates(wf, g) + "): the prompt packet will have no gate instructions"));
                    }
                }
                audits(wf, where, problems);
            }
        }
        Path contractsDir = paths.orchestration().resolve("gates").resolve("contracts");
        List<Path> inFolder = list(contractsDir, n -> n.endsWith(".json"));
        contracts.addAll(inFolder);
        for (Path c : contracts) {
            JsonNode tree = readContract(c, null);
            if (tree == null) {
                readContract(c, problems);
                continue;
            }
            String where = paths.relative(c);
            String name = c.getFileName().toString();
            String fileGate = name.endsWith(".contract.json") ? name.substring(0, name.length() - ".contract.json".length()) : null;
            // The seed names a contract <gate>.contract.json; orun's scaffold <workflow>.<gate>.contract.json.
            String declared = tree.path("gate").isString() ? tree.path("gate").asString() : null;
            if (fileGate != null && declared != null && !fileGate.equals(declared) && !fileGate.endsWith("." + declared)) {
                problems.add(new Problem("error", where, "/gate: is '" + declared + "' but the file is named for gate '"
                        + fileGate + "': make them agree (name it " + declared + ".contract.json, or <workflow>." + declared
                        + ".contract.json; the seed finds a gate's contract by its file name)"));
            }
            if (workflowCount > 0 && inFolder.contains(c) && !referenced.contains(c.toAbsolutePath().normalize())) {
                String gate = tree.path("gate").asString(fileGate == null ? name : fileGate);
                problems.add(new Problem("error", where, "contract of gate " + gate + " is used by no workflow"
                        + (workflowGates.contains(gate) ? " (a workflow's gate " + gate + " points at another file)" : "")
                        + ": add the gate to a workflow, or remove the contract"));
            }
            List<String> schemaProblems = new ContractLoader(paths, schemas).problems(tree);
            for (String p : schemaProblems) {
                problems.add(new Problem("error", paths.relative(c), p));
            }
            if (schemaProblems.isEmpty()) {
                JsonNode ro = tree.get("required_outputs");
                if (ro.isObject() && ro.path("all_of").size() + ro.path("any_of").size() == 0) {
                    // The seed's contracts test requires an output; orun's plain list may be empty (a gate of command checks).
                    problems.add(new Problem("warning", paths.relative(c), "/required_outputs: lists no output, so the gate "
                            + "requires no file: add one to all_of or any_of (or write \"required_outputs\": [] if none is meant)"));
                }
                references(c, tree, problems);
                // Invalid JavaScript regexes (errors) and nested quantifiers (warnings), from the validators' own lint.
                for (int i = 0; tree.has("validations") && i < tree.get("validations").size(); i++) {
                    for (String p : dev.orun.gate.Checks.lint(tree.get("validations").get(i), "/validations/" + i)) {
                        int colon = p.indexOf(": ");
                        problems.add(new Problem(p.substring(0, colon), paths.relative(c), p.substring(colon + 2)));
                    }
                }
            }
        }
        // One problem reported once, even when two workflows share a contract.
        List<Problem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
        return new Result(workflowCount, contracts.size(), unique);
    }

    private void references(Path contract, JsonNode tree, List<Problem> problems) {
        String where = paths.relative(contract);
        List<String[]> templates = new ArrayList<>();
        JsonNode ro = tree.get("required_outputs");
        for (String group : ro.isArray() ? List.of("") : List.of("all_of", "any_of")) {
            JsonNode list = group.isEmpty() ? ro : ro.get(group);
            String base = group.isEmpty() ? "/required_outputs" : "/required_outputs/" + group;
            for (int i = 0; list != null && i < list.size(); i++) {
                JsonNode o = list.get(i);
                templates.add(new String[]{base + "/" + i + (o.isString() ? "" : "/path"), o.isString() ? o.asString() : o.get("path").asString()});
            }
        }
        JsonNode vs = tree.get("validations");
        for (int i = 0; vs != null && i < vs.size(); i++) {
            JsonNode v = vs.get(i);
            String t = v.path("target").isString() ? v.path("target").asString() : "";
            if (!t.isEmpty() && !t.equals("all_required") && !t.equals("any_of")) {
                templates.add(new String[]{"/validations/" + i + "/target", t});
            }
            JsonNode targets = v.path("targets");
            for (int j = 0; targets.isArray() && j < targets.size(); j++) {
                templates.add(new String[]{"/validations/" + i + "/targets/" + j, targets.get(j).asString()});
            }
            for (String field : List.of("metadata_source", "implementation_target")) {
                if (v.path(field).isString()) {
                    templates.add(new String[]{"/validations/" + i + "/" + field, v.path(field).asString()});
                }
            }
            if (v.has("schema")) {
                String s = v.get("schema").asString();
                templates.add(new String[]{"/validations/" + i + "/schema", s});
                if (!s.contains("{")) {
                    try {
                        Path schemaFile = paths.resolveInside(s, where + " /validations/" + i + "/schema");
                        if (!Files.isRegularFile(schemaFile)) {
                            problems.add(new Problem("error", where, "/validations/" + i + "/schema: " + s + " does not exist: add the schema file or fix the path"));
                        } else {
                            schemaFileProblems(schemaFile, where, "/validations/" + i + "/schema", problems);
                        }
                    } catch (OrunException e) {
                        problems.add(problem(where, e.getMessage()));
                    }
                }
            }
        }
        for (int i = 0; vs != null && i < vs.size(); i++) {
            JsonNode command = vs.get(i).get("command");
            for (JsonNode arg : command == null ? List.<JsonNode>of() : command.isArray() ? command.valueStream().toList() : List.of(command)) {
                for (String name : PathVariables.unknownIn(arg.asString(""), List.of())) {
                    problems.add(new Problem("warning", where, "/validations/" + i + "/command: uses {" + name + "}, which is not built in ("
                            + String.join(", ", PathVariables.BUILT_IN) + ")" + nearMiss(name, PathVariables.BUILT_IN)
                            + "runs must pass --var " + name + "=VALUE"));
                }
            }
        }
        scripts(where, tree.path("pre_scripts"), templates, problems);
        skills(where, tree.path("required_skills"), templates, problems);
        // (room for per-validation lints, such as a regex that does not compile, called here per validation)
        for (String[] t : templates) {
            for (String name : PathVariables.unknownIn(t[1], List.of())) {
                problems.add(new Problem("warning", where, t[0] + ": uses {" + name + "}, which is not built in ("
                        + String.join(", ", PathVariables.BUILT_IN) + ")" + nearMiss(name, PathVariables.BUILT_IN)
                        + "runs must pass --var " + name + "=VALUE"));
            }
            if (t[1].startsWith("/") || dev.orun.gate.RepoFiles.driveLetterPath(t[1])) {
                problems.add(new Problem("error", where, t[0] + ": '" + t[1] + "' is absolute; it escapes the repository: make it relative"));
            } else if (paths.root().resolve(t[1].replaceAll("\\{[^}]*}", "x")).normalize().startsWith(paths.root()) == false) {
                problems.add(new Problem("error", where, t[0] + ": '" + t[1] + "' escapes the repository through '..': keep it inside"));
            }
        }
    }

    /** The names an agent command ({@code exec}) may use. */
    private static final List<String> EXEC_NAMES = Stream.concat(PathVariables.BUILT_IN.stream(), Stream.of("prompt_file")).toList();

    /** ": did you mean {artifact_path}? otherwise " for a near miss of a known name, else ": ". */
    private static String nearMiss(String name, List<String> known) {
        String near = dev.orun.text.Suggest.near(name, known);
        return near == null ? ": " : ": did you mean {" + near + "}? otherwise ";
    }

    /** Each pre-script exists inside the repository and has an interpreter; its args are templates. */
    private void scripts(String where, JsonNode scripts, List<String[]> templates, List<Problem> problems) {
        for (int i = 0; scripts.isArray() && i < scripts.size(); i++) {
            String at = "/pre_scripts/" + i;
            String path = scripts.get(i).path("path").asString();
            templates.add(new String[]{at + "/path", path});
            JsonNode args = scripts.get(i).path("args");
            for (int j = 0; args.isArray() && j < args.size(); j++) {
                templates.add(new String[]{at + "/args/" + j, args.get(j).asString()});
            }
            if (PreScripts.interpreter(path) == null) {
                problems.add(new Problem("error", where, at + "/path: '" + path + "' has no known interpreter: name a .mjs, .cjs or .js"
                        + " (node), .sh (bash) or .py (python3) script"));
            }
            existing(where, at + "/path", path, "the pre-script", problems);
        }
    }

    /** Each required skill's folder and every file it injects exist: a packet without them would be silently short. */
    private void skills(String where, JsonNode skills, List<String[]> templates, List<Problem> problems) {
        for (int i = 0; skills.isArray() && i < skills.size(); i++) {
            String at = "/required_skills/" + i;
            String folder = skills.get(i).path("path").asString();
            templates.add(new String[]{at + "/path", folder});
            if (!existing(where, at + "/path", folder, "the skill folder", problems)) {
                continue;
            }
            JsonNode inject = skills.get(i).path("inject");
            for (int j = 0; inject.isArray() && j < inject.size(); j++) {
                String file = folder.replaceAll("/+$", "") + "/" + inject.get(j).asString();
                existing(where, at + "/inject/" + j, file, "the skill file", problems);
            }
        }
    }

    /** Whether a variable-free path exists inside the repository; a missing or escaping one is a problem. */
    private boolean existing(String where, String pointer, String path, String what, List<Problem> problems) {
        if (path.contains("{")) {
            return true; // depends on the run; checked when the gate is finished
        }
        try {
            Path p = paths.resolveInside(path, where + " " + pointer);
            if (!Files.exists(p)) {
                problems.add(new Problem("error", where, pointer + ": " + what + " " + path + " does not exist: create it or fix the path"));
                return false;
            }
            return true;
        } catch (OrunException e) {
            problems.add(problem(where, e.getMessage()));
            return false;
        }
    }

    /** A problem from an exception whose message already starts with the file name. */
    /** A json_schema validation's schema file: JSON, an object, and no reference orun would not follow. */
    private void schemaFileProblems(Path schemaFile, String where, String pointer, List<Problem> problems) {
        String shown = paths.relative(schemaFile);
        JsonNode tree;
        try {
            tree = Json.LENIENT.readTree(Files.readAllBytes(schemaFile));
        } catch (JacksonException e) {
            problems.add(new Problem("error", where, pointer + ": " + shown + " is not valid JSON" + SyntaxProblem.ofJson(e).sentence()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            problems.add(new Problem("error", where, pointer + ": " + shown + " is not a JSON Schema object: fix the schema file"));
            return;
        }
        for (String ref : dev.orun.schema.SchemaRefs.unfollowed(tree)) {
            problems.add(new Problem("error", where, pointer + ": " + shown + " " + ref));
        }
    }

    private static Problem problem(String where, String message) {
        String rest = message.startsWith(where) ? message.substring(where.length()).strip() : message;
        return new Problem("error", where, rest.startsWith(":") ? rest.substring(1).strip() : rest);
    }

    private JsonNode readContract(Path file, List<Problem> problems) {
        // A contract that is a symlink leading outside the repository is not read (as run start refuses it).
        if (!paths.checkInside(file)) {
            if (problems != null) {
                problems.add(new Problem("error", paths.relative(file), "is a symlink that escapes the repository; it was "
                        + "not read: keep contracts inside the repository"));
            }
            return null;
        }
        try {
            return Json.STRICT.readTree(Files.readAllBytes(file)); // STRICT: a key given twice is an error
        } catch (JacksonException e) {
            if (problems != null) {
                problems.add(new Problem("error", paths.relative(file), "not valid JSON" + SyntaxProblem.ofJson(e).sentence()));
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean promptTemplateExists(Workflow wf, WorkflowGate g) {
        if (g.promptTemplate() == null) {
            return true;
        }
        return promptCandidates(wf, g).stream().anyMatch(p -> Files.isRegularFile(paths.root().resolve(p).normalize())
                && paths.root().resolve(p).normalize().startsWith(paths.root()));
    }

    private static List<String> promptCandidates(Workflow wf, WorkflowGate g) {
        String t = g.promptTemplate();
        if (t.contains("/") || t.endsWith(".md")) {
            return List.of(t);
        }
        return List.of("orchestration/prompts/" + wf.name() + "/" + t + ".md");
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<String> name) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
                    && name.test(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
