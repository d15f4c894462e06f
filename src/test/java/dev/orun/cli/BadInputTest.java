package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import dev.orun.schema.Json;
import dev.orun.store.RunLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input a new user meets: one line naming file, field and fix; the right exit code; nothing half-written. */
class BadInputTest {
    @TempDir
    Path repo;

    private static final String G1 = "orchestration/gates/contracts/hello.G1.contract.json";

    private int runCount() throws Exception {
        Path runs = repo.resolve("orchestration/runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith("run_")).count();
        }
    }

    private void editG1(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path file = repo.resolve(G1);
        ObjectNode tree = (ObjectNode) Json.LENIENT.readTree(file.toFile());
        edit.accept(tree);
        Files.writeString(file, Json.pretty(tree));
    }

    private static void assertOneLine(Result r) {
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr" + r.describe());
    }

    @Test
    void pipeline_refuses_a_contract_with_an_unknown_field_before_creating_a_run() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        editG1(t -> t.put("extra", 1));
        Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertOneLine(r);
        assertTrue(r.err().contains(G1 + " /extra: unknown field 'extra'"), r.describe());
        assertEquals(0, runCount(), "no run is created for a workflow whose contracts are broken");
        assertFalse(Files.exists(repo.resolve("out/demo")), "no agent ran");
    }

    @Test
    void run_start_refuses_a_contract_with_an_unknown_validation_type_before_creating_a_run() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        editG1(t -> ((ObjectNode) t.get("validations").get(1)).put("type", "nope"));
        Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertOneLine(r);
        assertTrue(r.err().contains(G1 + " /validations/1/type: unknown validation type 'nope'"), r.describe());
        assertEquals(0, runCount());
    }

    @Test
    void pipeline_refuses_an_unknown_contract_variable_before_creating_a_run_and_names_the_var_to_pass() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        editG1(t -> ((ObjectNode) t.get("validations").get(1)).put("target", "{lang}/GREETING.md"));
        Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertOneLine(r);
        assertTrue(r.err().contains(G1 + " /validations/1/target: unknown variable {lang}"), r.describe());
        assertTrue(r.err().contains("--var lang=VALUE"), r.describe());
        assertEquals(0, runCount());
        assertFalse(Files.exists(repo.resolve("out/demo")));
    }

    @Test
    void pipeline_refuses_a_missing_contract_before_creating_a_run() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Files.delete(repo.resolve("orchestration/gates/contracts/hello.G2.contract.json"));
        Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(3);
        assertOneLine(r);
        assertTrue(r.err().contains("hello.G2.contract.json not found"), r.describe());
        assertEquals(0, runCount());
        assertFalse(Files.exists(repo.resolve("out/demo")), "G1's agent did not run for a run that could never pass G2");
    }

    @Test
    void pipeline_without_artifact_path_is_refused_before_an_agent_writes_a_literal_placeholder_folder() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "hello", "--slug", "demo").assertExit(2);
        assertOneLine(r);
        assertTrue(r.err().contains("--artifact-path"), r.describe());
        assertFalse(r.err().contains("--var artifact_path"), "artifact_path is an option, not a --var" + r.describe());
        assertEquals(0, runCount());
        assertFalse(Files.exists(repo.resolve("{artifact_path}")), "the agent never ran with an unfilled {artifact_path}");
    }

    @Test
    void a_var_with_an_empty_unusable_or_built_in_name_is_a_usage_error() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        for (String var : new String[]{"=x", "a b=c", "slug=other", "{x}=1"}) {
            Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo",
                    "--var", var).assertExit(2);
            assertOneLine(r);
            assertTrue(r.err().contains("--var"), r.describe());
        }
        assertEquals(0, runCount());
        cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo",
                "--var", "lang.code-2=en").assertExit(0);
    }

    @Test
    void run_list_refuses_an_unknown_status() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "list", "--status", "BOGUS").assertExit(2);
        assertOneLine(r);
        assertTrue(r.err().contains("--status 'BOGUS'") && r.err().contains("PASSED"), r.describe());
        cli.run("run", "list", "--status", "passed").assertExit(0);
    }

    @Test
    void a_workflow_yaml_syntax_error_names_the_line_and_column() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Files.writeString(repo.resolve("orchestration/workflows/bad.yaml"),
                "workflow: bad\nversion: \"1\"\ngates:\n  - gate: G1\n    name: [unclosed\n");
        Result r = cli.run("run", "start", "--workflow", "bad", "--slug", "demo").assertExit(4);
        assertOneLine(r);
        assertTrue(r.err().contains("orchestration/workflows/bad.yaml: not valid YAML at line "), r.describe());
        Result check = cli.run("contracts", "check").assertExit(4);
        assertTrue(check.out().contains("error: orchestration/workflows/bad.yaml: not valid YAML at line "), check.describe());
    }

    @Test
    void a_runs_dir_outside_the_repository_is_refused() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        for (String dir : new String[]{repo.resolveSibling("elsewhere").toString(), "../elsewhere"}) {
            cli.env("ORUN_RUNS_DIR", dir);
            Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(2);
            assertOneLine(r);
            assertTrue(r.err().contains("ORUN_RUNS_DIR"), r.describe());
        }
        assertFalse(Files.exists(repo.resolveSibling("elsewhere")));
    }

    @Test
    void an_interrupted_run_records_no_host_name() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo")
                .assertExit(0).lastLine();
        OrunCli.leaseOfDeadDriver(repo, id, "G1", 1);
        cli.run("run", "show", id).assertExit(0);
        String record = Files.readString(repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json"));
        assertTrue(record.contains("RUN_INTERRUPTED"), record);
        assertFalse(record.contains(" on " + RunLease.currentHost() + " "), "the host name is machine-specific: " + record);
    }

    @Test
    void a_corrupt_attempt_file_of_a_running_attempt_says_how_to_get_out() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo")
                .assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        Path attempt = repo.resolve("orchestration/runs").resolve(id).resolve("record/gates/G1/attempt-1.json");
        Files.createDirectories(attempt.getParent());
        Files.writeString(attempt, "{\"trunc\n");
        Result r = cli.run("gate", "start", "--run", id, "--gate", "G1", "--force").assertExit(4);
        assertOneLine(r);
        assertTrue(r.err().contains("record/gates/G1/attempt-1.json"), r.describe());
        assertTrue(r.err().contains("delete it"), "a file never committed cannot be restored with git" + r.describe());
        assertFalse(r.err().contains("StreamReadFeature"), r.describe());
        assertEquals("{\"trunc\n", Files.readString(attempt, StandardCharsets.UTF_8), "the file is left as it was");
    }

    @Test
    void json_errors_have_a_fixed_key_order() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "show", "nope", "--json").assertExit(3);
        JsonNode doc = Json.LENIENT.readTree(r.out());
        assertEquals(3, doc.path("error").path("exit_code").asInt());
        assertTrue(r.out().indexOf("\"exit_code\"") < r.out().indexOf("\"message\""), r.describe());
    }

    @Test
    void json_after_double_dash_belongs_to_the_agent_command_not_to_orun() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("gate", "exec", "--run", "nope", "--gate", "G1", "--agent", "a", "--", "tool", "--json").assertExit(3);
        assertEquals("", r.out(), r.describe());
    }

    @Test
    void a_parse_error_does_not_say_error_twice() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "verify").assertExit(2);
        assertOneLine(r);
        assertFalse(r.err().startsWith("orun: Error:"), r.describe());
    }

    @Test
    void an_empty_agent_is_a_usage_error_and_changes_nothing() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo")
                .assertExit(0).lastLine();
        Path record = repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json");
        byte[] before = Files.readAllBytes(record);
        for (String[] args : new String[][]{
                {"invocation", "record", "--run", id, "--agent", ""},
                {"invocation", "record", "--run", id, "--agent", "  "},
                {"gate", "start", "--run", id, "--gate", "G1", "--agent="},
                {"gate", "exec", "--run", id, "--gate", "G1", "--agent=", "--", "true"}}) {
            Result r = cli.run(args).assertExit(2);
            assertOneLine(r);
            assertTrue(r.err().contains("--agent"), r.describe());
            assertFalse(r.err().contains("internal error"), r.describe());
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(record)), "RUN.json unchanged");
    }

    @Test
    void invocation_record_takes_only_a_final_status() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo")
                .assertExit(0).lastLine();
        for (String status : new String[]{"RUNNING", "INTERRUPTED"}) {
            Result r = cli.run("invocation", "record", "--run", id, "--agent", "a", "--status", status).assertExit(2);
            assertOneLine(r);
            assertTrue(r.err().contains("SUCCESS or FAIL"), r.describe());
        }
        cli.run("invocation", "record", "--run", id, "--agent", "a", "--status", "fail").assertExit(0);
    }

    @Test
    void a_prompt_file_outside_the_repository_is_refused_also_through_a_symlink() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Path outside = Files.writeString(repo.resolveSibling(repo.getFileName() + "-secret.md"), "not in the repository");
        try {
            Result abs = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo",
                    "--prompt-file", outside.toString()).assertExit(4);
            assertOneLine(abs);
            assertTrue(abs.err().contains("outside the repository"), abs.describe());
            Files.createSymbolicLink(repo.resolve("brief.md"), outside);
            Result link = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo",
                    "--prompt-file", "brief.md").assertExit(4);
            assertOneLine(link);
            assertTrue(link.err().contains("brief.md") && link.err().contains("escapes the repository"), link.describe());
            assertEquals(0, runCount());
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
