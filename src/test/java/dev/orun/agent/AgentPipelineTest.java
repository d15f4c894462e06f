package dev.orun.agent;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model gates inside pipelines, retries with the failures in the packet, OpenAI-compatible tool calls, a SIGKILL. */
class AgentPipelineTest {
    static final String KEY = "sk-ant-pipeline-test-Q2w9-SECRET";
    static final String GREETING = "# Hello\\n\\nHello from a model agent.\\n";
    static final String SUMMARY = "## Summary\\n\\nG1 wrote the greeting.\\n";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    OrunCli repo(ToolUseStandIn model) throws IOException {
        server.setDispatcher(model);
        OrunCli cli = OrunCli.initialisedRepo(dir).env("ANTHROPIC_API_KEY", KEY)
                .env("ANTHROPIC_BASE_URL", server.url("/v1").toString()).sleeper(d -> { });
        write("orchestration/agents/greeter.md", "# Greeter\n\nYou write short, warm greetings.\n");
        write("orchestration/agents/summarizer.md", "# Summarizer\n\nYou summarise what earlier gates made.\n");
        write("orchestration/workflows/duo.yaml", """
                workflow: duo
                gates:
                  - gate: G1
                    name: Greeting written
                    agent: greeter
                    model: claude-sonnet-4-5
                    contract: orchestration/gates/contracts/hello.G1.contract.json
                    prompt_template: orchestration/prompts/hello/G1.md
                    max_attempts: 2
                  - gate: G2
                    name: Summary written
                    agent: summarizer
                    contract: orchestration/gates/contracts/hello.G2.contract.json
                    prompt_template: orchestration/prompts/hello/G2.md
                """);
        // G2 is a model gate through the routing table alone.
        write("orchestration/agents-runtime/routing-table.json", """
                {"defaults": {"model": "claude-sonnet-4-5", "max_tool_rounds": 5},
                 "gates": {"G2": {"model": "claude-haiku-4-5", "max_output_tokens": 9000}}}
                """);
        return cli;
    }

    void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    JsonNode record(String id) {
        return Json.LENIENT.readTree(dir.resolve("orchestration/runs/" + id + "/record/RUN.json").toFile());
    }

    List<String> runs() throws IOException {
        Path runs = dir.resolve("orchestration/runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run_")).sorted().toList();
        }
    }

    @Test
    void a_pipeline_with_two_model_gates_runs_unattended_to_passed() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done")
                .tools("read_file", "{\"path\": \"out/demo/GREETING.md\"}")
                .tools("write_file", "{\"path\": \"out/demo/SUMMARY.md\", \"content\": \"" + SUMMARY + "\"}")
                .end("done");
        OrunCli cli = repo(model).env("CI", "true");

        OrunCli.Result r = cli.run("run", "duo", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);

        assertTrue(r.out().contains("model agent greeter"), r.describe());
        assertTrue(r.out().contains("PASSED"), r.describe());
        String id = runs().get(0);
        JsonNode run = record(id);
        assertEquals("PASSED", run.path("status").asString());
        assertEquals("greeter", run.at("/gates/0/attempts/0/agent").asString());
        assertEquals("claude-sonnet-4-5", model.requests.get(0).path("model").asString());
        assertEquals("summarizer", run.at("/gates/1/attempts/0/agent").asString());
        assertEquals("claude-haiku-4-5", model.requests.get(2).path("model").asString(), "G2's model from the routing table");
        assertEquals(9000, run.at("/gates/1/attempts/0/agent_run/max_output_tokens").asLong());
        assertEquals(5, run.path("invocations").size());
        cli.run("run", "verify", "--run", id).assertExit(0);
        OrunCli.Result show = cli.run("run", "show", id).assertExit(0);
        assertTrue(show.out().contains("attempts 1  by greeter (claude-sonnet-4-5-20250929, complete, 2 rounds)"), show.describe());
        assertTrue(show.out().contains("attempts 1  by summarizer (claude-sonnet-4-5-20250929, complete, 3 rounds)"), show.describe());
    }

    @Test
    void a_gate_routed_by_the_table_alone_waits_for_a_person_when_no_provider_is_configured() throws Exception {
        repo(new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC));
        write("orchestration/workflows/routed.yaml", """
                workflow: routed
                gates:
                  - {gate: G2, agent: summarizer, contract: orchestration/gates/contracts/hello.G2.contract.json}
                """);
        OrunCli noKey = new OrunCli(dir).env("CI", "true");

        OrunCli.Result r = noKey.run("run", "routed", "--slug", "demo", "--artifact-path", "out/demo").assertExit(10);

        assertTrue(r.out().contains("== G2  attempt 1  for a person (summarizer)"), r.describe());
        assertEquals("PAUSED", record(runs().get(0)).path("status").asString());
    }

    @Test
    void the_routing_tables_run_budget_counts_every_model_gate_of_the_run() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done")
                .end("never asked");
        OrunCli cli = repo(model).env("CI", "true");
        write("orchestration/agents-runtime/routing-table.json", """
                {"gates": {"G2": {"model": "claude-haiku-4-5"}},
                 "budget": {"max_run_tool_rounds": 2, "abort_on_budget_exceeded": true}}
                """);

        OrunCli.Result r = cli.run("run", "duo", "--slug", "demo", "--artifact-path", "out/demo").assertExit(1);

        assertEquals(2, model.answered(), r.describe());
        JsonNode g2 = record(runs().get(0)).at("/gates/1/attempts/0");
        assertEquals("budget_exceeded", g2.at("/agent_run/stop_reason").asString(), g2.toString());
        assertTrue(g2.at("/agent_run/detail").asString().contains("budget.max_run_tool_rounds 2"), g2.toString());
        assertEquals("FAILED", record(runs().get(0)).path("status").asString());
    }

    @Test
    void a_failed_attempt_is_retried_with_the_failures_in_the_packet_up_to_max_attempts() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .end("I think it is fine.")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(model);
        String id = cli.run("run", "start", "--workflow", "duo", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1", "--json").assertExit(0);

        JsonNode doc = Json.LENIENT.readTree(r.out());
        assertEquals(2, doc.path("agent_attempts").size(), r.describe());
        assertEquals("complete", doc.at("/agent_attempts/1/stop_reason").asString());
        assertEquals("out/demo/GREETING.md", doc.at("/agent_attempts/1/files_written/0/path").asString());
        assertEquals("PASS", doc.at("/gate_result/status").asString());
        assertTrue(r.err().contains("agent stopped: complete"), "progress goes to stderr with --json: " + r.describe());
        JsonNode attempts = record(id).at("/gates/0/attempts");
        assertEquals(2, attempts.size(), r.describe());
        assertEquals("FAIL", attempts.get(0).path("status").asString());
        assertEquals("complete", attempts.get(0).at("/agent_run/stop_reason").asString());
        assertEquals("PASS", attempts.get(1).path("status").asString());
        String packet = model.requests.get(1).at("/messages/0/content").asString();
        assertTrue(packet.contains("## What failed last time (attempt 1)"), packet);
        assertTrue(packet.contains("FAILED file_exists"), packet);
        assertEquals("RUNNING", record(id).path("status").asString(), "one gate passed; the run goes on");
    }

    @Test
    void an_openai_compatible_server_runs_the_tool_loop_with_tool_calls() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.OPENAI).cache(100, 0)
                .tools("list_directory", "{\"path\": \".\"}", "read_file", "{not json")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(model).env("OPENAI_BASE_URL", server.url("/v1").toString());
        write("orchestration/agents-runtime/routing-table.json", """
                {"gates": {"G1": {"model": "qwen2.5-coder:7b", "provider": "openai"}}}
                """);
        write("orchestration/orun.yaml", """
                agents:
                  prices:
                    "qwen2.5-coder:7b": {input: 1.0, output: 2.0}
                """);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();

        cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        assertEquals("/v1/chat/completions", model.raw.get(0).getUrl().encodedPath());
        JsonNode first = model.requests.get(0);
        assertEquals("system", first.at("/messages/0/role").asString());
        assertEquals("function", first.at("/tools/0/type").asString());
        assertEquals(0.7, first.path("temperature").asDouble(), "the routing table's (default) temperature");
        assertEquals("read_file", first.at("/tools/0/function/name").asString());
        JsonNode second = model.requests.get(1);
        assertEquals("call_1_0", second.at("/messages/2/tool_calls/0/id").asString());
        assertEquals("tool", second.at("/messages/3/role").asString());
        assertEquals("call_1_0", second.at("/messages/3/tool_call_id").asString());
        assertEquals("call_1_2", second.at("/messages/4/tool_call_id").asString());
        assertTrue(second.at("/messages/4/content").asString().equals("Error: the arguments of read_file are not a JSON object: send {\"path\": ...}"),
                second.toString());
        JsonNode run = record(id);
        assertEquals("openai", run.at("/invocations/0/provider").asString());
        assertEquals(1000, run.at("/invocations/0/tokens/prompt").asLong());
        assertEquals(100, run.at("/invocations/0/tokens/cache_read").asLong(), "prompt_tokens_details.cached_tokens");
        assertEquals(0.0014, run.at("/invocations/0/cost_usd").asDouble(), 1e-9, "1000 in at $1/M + 200 out at $2/M");
        assertEquals(0.0042, run.at("/gates/0/attempts/0/agent_run/cost_usd").asDouble(), 1e-9);
        assertEquals("PASS", run.at("/gates/0/status").asString());
    }

    @Test
    void orun_sigkilled_mid_loop_leaves_an_interrupted_run_and_resume_starts_the_gate_again() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC).hangAt(2)
                .tools("list_directory", "{\"path\": \".\"}")
                .end("never delivered")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done")
                .tools("write_file", "{\"path\": \"out/demo/SUMMARY.md\", \"content\": \"" + SUMMARY + "\"}")
                .end("done");
        OrunCli cli = repo(model);
        File output = dir.resolve("orun-child.log").toFile();
        ProcessBuilder pb = JavaProcesses.builder(dir, dev.orun.cli.Main.class, "run", "duo", "--slug", "demo",
                "--artifact-path", "out/demo").redirectErrorStream(true).redirectOutput(output);
        pb.environment().put("ANTHROPIC_API_KEY", KEY);
        pb.environment().put("ANTHROPIC_BASE_URL", server.url("/v1").toString());
        pb.environment().put("CI", "true");
        Process orun = pb.start();
        try {
            assertTrue(model.hung.await(60, TimeUnit.SECONDS), "round 2 never reached the stand-in: " + Files.readString(output.toPath()));
            orun.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(orun.waitFor(20, TimeUnit.SECONDS));
        } finally {
            orun.destroyForcibly();
            model.release();
        }
        String id = runs().get(0);
        assertEquals("RUNNING", record(id).path("status").asString(), "nothing has read the run yet");

        cli.run("run", "show", "--run", id).assertExit(0);
        JsonNode run = record(id);
        assertEquals("INTERRUPTED", run.path("status").asString());
        JsonNode round2 = run.path("invocations").get(1);
        assertEquals(2, round2.path("round").asInt());
        assertEquals("INTERRUPTED", round2.path("status").asString(), round2.toString());
        assertEquals("SUCCESS", run.path("invocations").get(0).path("status").asString());

        OrunCli.Result resume = cli.run("run", "resume", "--run", id).assertExit(0);
        run = record(id);
        assertEquals("PASSED", run.path("status").asString(), resume.describe());
        JsonNode attempts = run.at("/gates/0/attempts");
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(0).path("failure_reason").asString().startsWith("interrupted"), attempts.toString());
        assertEquals("PASS", attempts.get(1).path("status").asString());
        cli.run("run", "verify", "--run", id).assertExit(0);
    }
}
