package dev.orun.workflow;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow loader: where it looks, what it reads, and the one-line errors of a broken file. */
class WorkflowCatalogTest {
    private static final SchemaValidator SCHEMAS = new SchemaValidator();
    private static final String ONE_GATE = """
            workflow: %s
            gates:
              - gate: G1
                contract: orchestration/gates/contracts/x.G1.contract.json
            """;

    @TempDir
    Path root;

    private WorkflowCatalog catalog() {
        return new WorkflowCatalog(new OrunPaths(root, root.resolve("orchestration/runs")), SCHEMAS);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private OrunException refused(String relative, String text, Exit exit) throws IOException {
        write(relative, text);
        String name = Path.of(relative).getFileName().toString().replaceFirst("\\.[a-z]+$", "");
        OrunException e = assertThrows(OrunException.class, () -> catalog().find(name));
        assertEquals(exit, e.exit(), e.getMessage());
        return e;
    }

    @Test
    void a_workflow_is_read_with_its_gates_and_exec_forms() throws IOException {
        write("orchestration/workflows/w.yaml", """
                workflow: w
                version: "2"
                gates:
                  - gate: G1
                    contract: c1.json
                    exec: "echo {slug}"
                  - gate: G2
                    contract: c2.json
                    exec: ["sh", "-c", "true"]
                    max_attempts: 3
                """);
        Workflow wf = catalog().find("w");
        assertEquals("w", wf.name());
        assertEquals(List.of("G1", "G2"), wf.gates().stream().map(WorkflowGate::gate).toList());
        assertTrue(wf.gates().get(0).execShell(), "a string exec runs through the shell");
        assertEquals(List.of("echo {slug}"), wf.gates().get(0).exec());
        assertFalse(wf.gates().get(1).execShell(), "an array exec is argv");
        assertEquals(List.of("sh", "-c", "true"), wf.gates().get(1).exec());
        assertEquals(3, wf.gates().get(1).maxAttempts());
        assertEquals(1, wf.gates().get(0).maxAttempts(), "one attempt unless the workflow says more");
    }

    @Test
    void an_unknown_workflow_is_not_found_and_lists_the_known_ones() throws IOException {
        write("orchestration/workflows/alpha.yaml", ONE_GATE.formatted("alpha"));
        OrunException e = assertThrows(OrunException.class, () -> catalog().find("beta"));
        assertEquals(Exit.NOT_FOUND, e.exit());
        assertTrue(e.getMessage().contains("known workflows are [alpha]"), e.getMessage());
        assertTrue(e.getMessage().contains("add orchestration/workflows/beta.yaml"), e.getMessage());
    }

    @Test
    void the_workflows_folder_wins_over_the_seeds_runner_folder_and_json_is_read_too() throws IOException {
        write("orchestration/workflows/w.yaml", ONE_GATE.formatted("w"));
        write("orchestration/runner/workflows/w.json", "{\"workflow\": \"w\", \"gates\": []}");
        write("orchestration/runner/workflows/seedonly.json",
                "{\"workflow\": \"seedonly\", \"gates\": [{\"gate\": \"G1\", \"contract\": \"c.json\"}]}");
        write("orchestration/workflows/.hidden.yaml", ONE_GATE.formatted("hidden"));
        Map<String, Path> files = catalog().files();
        assertEquals(List.of("seedonly", "w"), List.copyOf(files.keySet()));
        assertEquals(root.resolve("orchestration/workflows/w.yaml"), files.get("w"));
        assertEquals(1, catalog().find("seedonly").gates().size());
    }

    @Test
    void a_yaml_syntax_error_names_the_file_and_the_line() throws IOException {
        OrunException e = refused("orchestration/workflows/bad.yaml", "workflow: bad\ngates:\n  - gate: [G1\n", Exit.INVALID);
        assertTrue(e.getMessage().startsWith("orchestration/workflows/bad.yaml: not valid YAML at line "), e.getMessage());
        assertTrue(e.getMessage().endsWith("fix the syntax"), e.getMessage());
    }

    @Test
    void a_json_syntax_error_says_json() throws IOException {
        OrunException e = refused("orchestration/workflows/bad.json", "{\"workflow\": ", Exit.INVALID);
        assertTrue(e.getMessage().startsWith("orchestration/workflows/bad.json: not valid JSON"), e.getMessage());
    }

    @Test
    void an_empty_file_is_refused_saying_what_a_workflow_needs() throws IOException {
        OrunException e = refused("orchestration/workflows/empty.yaml", "", Exit.INVALID);
        assertTrue(e.getMessage().contains("is empty or not an object: a workflow needs 'workflow' and 'gates'"), e.getMessage());
    }

    @Test
    void an_unknown_field_is_named_with_its_pointer() throws IOException {
        OrunException e = refused("orchestration/workflows/w.yaml", ONE_GATE.formatted("w") + "    colour: blue\n", Exit.INVALID);
        assertTrue(e.getMessage().startsWith("orchestration/workflows/w.yaml /gates/0/colour: unknown field 'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("schema: contracts/workflow.schema.json"), e.getMessage());
    }

    @Test
    void a_duplicate_gate_id_names_both_places() throws IOException {
        OrunException e = refused("orchestration/workflows/w.yaml", ONE_GATE.formatted("w")
                + "  - gate: G1\n    contract: other.json\n", Exit.INVALID);
        assertTrue(e.getMessage().contains("/gates/1/gate: duplicate gate id 'G1' (also /gates/0)"), e.getMessage());
    }

    @Test
    void a_name_that_disagrees_with_the_file_name_is_refused() throws IOException {
        OrunException e = refused("orchestration/workflows/w.yaml", ONE_GATE.formatted("other"), Exit.INVALID);
        assertTrue(e.getMessage().contains("/workflow: is 'other' but the file is named for 'w'"), e.getMessage());
    }

    @Test
    void problems_lists_every_problem_not_only_the_first() {
        var tree = dev.orun.schema.Json.LENIENT.readTree(
                "{\"workflow\": \"w\", \"gates\": [{\"gate\": \"G1\", \"contract\": \"a\"}, {\"gate\": \"G1\", \"contract\": \"b\", \"x\": 1}]}");
        List<String> problems = catalog().problems(tree);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("/gates/1/x: unknown field 'x'"), problems.toString());
        assertTrue(problems.get(1).startsWith("/gates/1/gate: duplicate gate id 'G1'"), problems.toString());
    }

    @Test
    void placeholders_fill_known_names_and_leave_unknown_ones_as_written() {
        assertEquals("out/demo/{nope} $1", Placeholders.fill("{artifact_path}/{nope} {cost}", Map.of("artifact_path", "out/demo", "cost", "$1")));
    }
}
