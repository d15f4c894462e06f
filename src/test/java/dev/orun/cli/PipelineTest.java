package dev.orun.cli;

import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipeline mode through the CLI: hello end to end, pauses in CI and on a terminal, resume, retries, replay. */
class PipelineTest {
    @TempDir
    Path dir;

    static final String NOTE_CONTRACT = """
            {"gate": "G1", "name": "Note written", "blocking": true,
             "required_outputs": {"all_of": [
               {"path": "{artifact_path}/NOTE.md", "description": "A note with a '# Note' heading"},
               {"path": "{artifact_path}/EXTRA.md", "description": "Anything else", "required": false}]},
             "validations": [{"type": "contains_headings", "target": "{artifact_path}/NOTE.md", "required_headings": ["# Note"]}]}
            """;

    static final String DONE_CONTRACT = """
            {"gate": "G2", "name": "Done file", "blocking": true,
             "required_outputs": ["{artifact_path}/DONE.md"], "validations": []}
            """;

    /** A two-gate workflow: G1 for a person, G2 an exec gate that writes DONE.md. */
    static void manualWorkflow(Path dir) throws IOException {
        write(dir, "orchestration/gates/contracts/manual.G1.contract.json", NOTE_CONTRACT);
        write(dir, "orchestration/gates/contracts/manual.G2.contract.json", DONE_CONTRACT);
        write(dir, "orchestration/prompts/manual/G1.md", "Write {artifact_path}/NOTE.md by hand; keep ${HOME} as it is.\n");
        write(dir, "orchestration/workflows/manual.yaml", """
                workflow: manual
                version: "1"
                gates:
                  - gate: G1
                    name: Note written
                    agent: alice
                    contract: orchestration/gates/contracts/manual.G1.contract.json
                    prompt_template: G1
                  - gate: G2
                    name: Done file
                    agent: finisher
                    contract: orchestration/gates/contracts/manual.G2.contract.json
                    exec: "printf 'done\\n' > '{artifact_path}/DONE.md'"
                """);
    }

    @Test
    void hello_pipeline_passes_end_to_end_with_every_gate_passed_and_outputs_hashed() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        OrunCli.Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);
        String id = onlyRun(dir);
        assertTrue(r.out().contains("PASSED  " + id), r.describe());
        JsonNode run = record(dir, id);
        assertEquals("PASSED", run.path("status").asString());
        assertTrue(run.hasNonNull("finished_at"));
        for (JsonNode g : run.path("gates")) {
            assertEquals("PASS", g.path("status").asString(), g.toString());
            JsonNode a = g.path("attempts").get(0);
            Path packet = dir.resolve("orchestration/runs/" + id + "/logs/gates/" + g.path("gate").asString() + "/prompt.txt");
            assertEquals(Sha256.file(packet), a.path("prompt_sha256").asString(), "prompt_sha256 is the packet's hash");
            assertEquals(1, a.path("invocation_ids").size());
        }
        assertEquals(Sha256.file(dir.resolve("out/demo/GREETING.md")), artifact(run, "out/demo/GREETING.md").path("sha256").asString());
        assertEquals(Sha256.file(dir.resolve("out/demo/SUMMARY.md")), artifact(run, "out/demo/SUMMARY.md").path("sha256").asString());
        for (JsonNode inv : run.path("invocations")) {
            assertEquals("SUCCESS", inv.path("status").asString());
            assertEquals(0, inv.path("exit_code").asInt());
            assertTrue(inv.path("duration_ms").isIntegralNumber());
        }
        assertEquals("# Hello\n\nHello from orun, for demo.\n", Files.readString(dir.resolve("out/demo/GREETING.md")),
                "{slug} and {artifact_path} were substituted in the command");
        assertFalse(Files.exists(dir.resolve("orchestration/runs/" + id + "/logs/lease.json")), "the lease is given back");
        cli.run("run", "verify", "--run", id).assertExit(0);
        assertEquals(List.of("RUN_STARTED", "GATE_STARTED", "INVOCATION_STARTED", "INVOCATION_FINISHED", "GATE_PASSED",
                "GATE_STARTED", "INVOCATION_STARTED", "INVOCATION_FINISHED", "GATE_PASSED", "RUN_COMPLETED"), events(run));
    }

    @Test
    void gate_without_exec_pauses_in_ci_with_exit_10_and_resume_validates_and_goes_on() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        cli.env("CI", "true");
        OrunCli.Result r = cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(10);
        String id = onlyRun(dir);
        JsonNode run = record(dir, id);
        assertEquals("PAUSED", run.path("status").asString());
        assertTrue(events(run).contains("RUN_PAUSED"));
        assertEquals("RUNNING", run.path("gates").get(0).path("status").asString());
        assertEquals("NOT_STARTED", run.path("gates").get(1).path("status").asString());
        String packetPath = "orchestration/runs/" + id + "/logs/gates/G1/prompt.txt";
        assertTrue(r.out().contains(packetPath), r.describe());
        assertTrue(r.out().contains("orun run resume --run " + id), r.describe());
        String packet = Files.readString(dir.resolve(packetPath));
        assertTrue(packet.contains("- out/m/NOTE.md — A note with a '# Note' heading"), packet);
        assertTrue(packet.contains("- out/m/EXTRA.md (optional at depth standard) — Anything else"), packet);
        assertTrue(packet.contains("out/m/NOTE.md has the headings '# Note'"), packet);
        assertTrue(packet.contains("Write out/m/NOTE.md by hand; keep ${HOME} as it is."), packet);
        assertTrue(packet.contains("agent:      alice"), packet);

        write(dir, "out/m/NOTE.md", "# Note\n\nwritten by a person\n");
        OrunCli.Result resumed = cli.run("run", "resume", "--run", id).assertExit(0);
        assertTrue(resumed.out().contains("PASSED  " + id), resumed.describe());
        run = record(dir, id);
        assertEquals("PASSED", run.path("status").asString());
        assertEquals(Sha256.file(dir.resolve("out/m/NOTE.md")), artifact(run, "out/m/NOTE.md").path("sha256").asString());
        assertEquals("done\n", Files.readString(dir.resolve("out/m/DONE.md")));
        assertTrue(events(run).contains("RUN_RESUMED"));

        OrunCli.Result again = cli.run("run", "resume", "--run", id).assertExit(1);
        assertTrue(again.err().contains("already PASSED"), again.describe());
    }

    @Test
    void no_input_pauses_even_on_a_terminal() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        cli.stdin("\n", true);
        cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m", "--no-input").assertExit(10);
        assertEquals("PAUSED", record(dir, onlyRun(dir)).path("status").asString());
    }

    @Test
    void on_a_terminal_enter_finishes_the_gate() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        write(dir, "out/m/NOTE.md", "# Note\n");
        cli.stdin("\n", true);
        OrunCli.Result r = cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(0);
        assertTrue(r.out().contains("[Enter/d] done"), r.describe());
        assertTrue(r.out().contains("output         out/m/NOTE.md"), r.describe());
        assertEquals("PASSED", record(dir, onlyRun(dir)).path("status").asString());
    }

    @Test
    void on_a_terminal_f_fails_the_gate_with_the_reason_given() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        cli.stdin("what?\nf\n\nsources are not trustworthy\n", true);
        OrunCli.Result r = cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(1);
        assertTrue(r.out().contains("'what?' is not an answer"), r.describe());
        JsonNode run = record(dir, onlyRun(dir));
        assertEquals("FAILED", run.path("status").asString());
        JsonNode g1 = run.path("gates").get(0);
        assertEquals("FAIL", g1.path("status").asString());
        assertEquals("sources are not trustworthy", g1.path("attempts").get(0).path("failure_reason").asString());
        assertEquals("NOT_STARTED", run.path("gates").get(1).path("status").asString(), "a failed gate stops the pipeline");
    }

    @Test
    void on_a_terminal_end_of_input_is_not_taken_as_done() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        write(dir, "out/m/NOTE.md", "# Note\n");
        cli.stdin("", true);
        OrunCli.Result r = cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(10);
        assertTrue(r.out().contains("end of input: pausing"), r.describe());
        JsonNode run = record(dir, onlyRun(dir));
        assertEquals("PAUSED", run.path("status").asString());
        assertEquals("RUNNING", run.path("gates").get(0).path("status").asString(), "the gate was not finished");
        assertFalse(events(run).contains("GATE_PASSED"));

        cli.stdin("p\n", true);
        // p on resume: the paused gate is validated first (it passes), then G2 runs its agent: the run passes.
        cli.run("run", "resume", "--run", onlyRun(dir)).assertExit(0);
    }

    @Test
    void p_pauses_and_leaves() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        manualWorkflow(dir);
        cli.stdin("p\n", true);
        cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(10);
        assertEquals("PAUSED", record(dir, onlyRun(dir)).path("status").asString());
    }

    @Test
    void a_failing_exec_gate_is_retried_up_to_max_attempts_with_the_last_failures_in_each_packet() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/gates/contracts/retry.G1.contract.json", """
                {"gate": "G1", "name": "Greeting", "blocking": true,
                 "required_outputs": ["{artifact_path}/GREETING.md"],
                 "validations": [{"type": "contains_headings", "target": "{artifact_path}/GREETING.md", "required_headings": ["# Hello"]}]}
                """);
        // Attempts 1 and 2 write no heading; attempt 3 gets it right.
        write(dir, "orchestration/workflows/retry.yaml", """
                workflow: retry
                gates:
                  - gate: G1
                    agent: flaky
                    contract: orchestration/gates/contracts/retry.G1.contract.json
                    max_attempts: 3
                    exec: "mkdir -p {artifact_path}; n=$(cat {artifact_path}/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > {artifact_path}/count; if [ $n -ge 3 ]; then printf '# Hello\\n' > {artifact_path}/GREETING.md; else printf 'try %s\\n' $n > {artifact_path}/GREETING.md; fi"
                """);
        cli.run("run", "retry", "--slug", "r", "--artifact-path", "out/r").assertExit(0);
        String id = onlyRun(dir);
        JsonNode run = record(dir, id);
        assertEquals("PASSED", run.path("status").asString());
        JsonNode attempts = run.path("gates").get(0).path("attempts");
        assertEquals(3, attempts.size());
        assertEquals(List.of("FAIL", "FAIL", "PASS"), attempts.valueStream().map(a -> a.path("status").asString()).toList());
        List<String> events = events(run);
        assertEquals(events.size() - 1, events.indexOf("RUN_COMPLETED"), "a failure with attempts left does not complete the run: " + events);
        Path logs = dir.resolve("orchestration/runs/" + id + "/logs/gates/G1");
        String p1 = Files.readString(logs.resolve("attempt-1/prompt.txt"));
        String p2 = Files.readString(logs.resolve("attempt-2/prompt.txt"));
        String p3 = Files.readString(logs.resolve("attempt-3/prompt.txt"));
        assertFalse(p1.contains("What failed last time"), p1);
        assertTrue(p2.contains("## What failed last time (attempt 1)") && p2.contains("FAILED contains_headings out/r/GREETING.md: missing headings: # Hello"), p2);
        assertTrue(p3.contains("## What failed last time (attempt 2)"), p3);
        for (int i = 0; i < 3; i++) {
            assertEquals(Sha256.file(logs.resolve("attempt-" + (i + 1) + "/prompt.txt")), attempts.get(i).path("prompt_sha256").asString());
        }
    }

    @Test
    void an_exec_gate_that_keeps_failing_fails_the_run_after_max_attempts() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/gates/contracts/bad.G1.contract.json", """
                {"gate": "G1", "blocking": true, "required_outputs": ["{artifact_path}/NEVER.md"], "validations": []}
                """);
        write(dir, "orchestration/workflows/bad.yaml", """
                workflow: bad
                gates:
                  - gate: G1
                    agent: broken
                    contract: orchestration/gates/contracts/bad.G1.contract.json
                    max_attempts: 2
                    exec: "echo giving up >&2; exit 3"
                """);
        OrunCli.Result r = cli.run("run", "bad", "--slug", "b", "--artifact-path", "out/b").assertExit(1);
        assertTrue(r.err().contains("giving up"), "agent stderr is streamed to the terminal" + r.describe());
        JsonNode run = record(dir, onlyRun(dir));
        assertEquals("FAILED", run.path("status").asString());
        assertTrue(run.hasNonNull("finished_at"));
        JsonNode attempts = run.path("gates").get(0).path("attempts");
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(1).path("failure_reason").asString().startsWith("agent broken exited 3"), attempts.toString());
        for (JsonNode inv : run.path("invocations")) {
            assertEquals("FAIL", inv.path("status").asString());
            assertEquals(3, inv.path("exit_code").asInt());
        }
    }

    @Test
    void replay_runs_the_workflow_again_recording_replay_of() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "prompts/ask.md", "Say hello nicely.\n");
        cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo", "--depth", "quick", "--var", "tone=warm",
                "--prompt-file", "prompts/ask.md").assertExit(0);
        String first = onlyRun(dir);
        String packet = Files.readString(dir.resolve("orchestration/runs/" + first + "/logs/gates/G1/prompt.txt"));
        assertTrue(packet.contains("## Original prompt (prompts/ask.md)") && packet.contains("Say hello nicely."), packet);

        cli.run("run", "replay", "--run", first).assertExit(0);
        String second = runs(dir).stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        JsonNode a = record(dir, first);
        JsonNode b = record(dir, second);
        assertEquals(first, b.path("replay_of").asString());
        assertEquals("PASSED", b.path("status").asString());
        for (String f : List.of("depth", "vars", "prompt")) {
            assertEquals(a.path(f), b.path(f), f);
        }
        assertEquals(a.path("workflow").path("slug"), b.path("workflow").path("slug"));
        assertEquals(a.path("workflow").path("artifact_path"), b.path("workflow").path("artifact_path"));
    }

    @Test
    void run_subcommands_still_dispatch_and_an_unknown_word_names_both_lists() {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "list").assertExit(0);
        OrunCli.Result r = cli.run("run", "nosuch", "--slug", "x").assertExit(3);
        assertTrue(r.err().contains("neither a run command [start, list, show, resume, replay") && r.err().contains("nor a workflow [hello"), r.describe());
        cli.run("run", "hello").assertExit(2);
        cli.run("run").assertExit(2);
    }

    @Test
    void json_output_is_one_document_even_with_agent_output() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        OrunCli.Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo", "--json").assertExit(0);
        JsonNode doc = Json.STRICT.readTree(r.out());
        assertEquals("PASSED", doc.path("status").asString());
        assertEquals(2, doc.path("gates").size());
    }

    // --- helpers -----------------------------------------------------------------------------------------

    static void write(Path dir, String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    static List<String> runs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("orchestration/runs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run_")).sorted().toList();
        }
    }

    static String onlyRun(Path dir) throws IOException {
        List<String> ids = runs(dir);
        assertEquals(1, ids.size(), ids.toString());
        return ids.get(0);
    }

    static JsonNode record(Path dir, String id) throws IOException {
        return Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
    }

    static List<String> events(JsonNode run) {
        return run.path("events").valueStream().map(e -> e.path("type").asString()).toList();
    }

    static JsonNode artifact(JsonNode run, String resolved) {
        for (JsonNode a : run.path("artifacts_index")) {
            if (resolved.equals(a.path("resolved_path").asString())) {
                return a;
            }
        }
        throw new AssertionError("no artifact " + resolved + " in " + run.path("artifacts_index"));
    }
}
