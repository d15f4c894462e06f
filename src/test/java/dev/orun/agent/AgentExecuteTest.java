package dev.orun.agent;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun agent execute} end to end against a scripted tool-use conversation on 127.0.0.1. */
class AgentExecuteTest {
    static final String KEY = "sk-ant-agent-test-Zq81-SECRET";
    static final String GREETING = "# Hello\\n\\nHello from a model agent.\\n";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    final List<Duration> waits = new ArrayList<>();

    OrunCli repo(ToolUseStandIn model) throws IOException {
        server.setDispatcher(model);
        OrunCli cli = OrunCli.initialisedRepo(dir).env("ANTHROPIC_API_KEY", KEY)
                .env("ANTHROPIC_BASE_URL", server.url("/v1").toString()).sleeper(waits::add);
        write("orchestration/agents/greeter.md", "# Greeter\n\nYou write short, warm greetings.\n");
        write("orchestration/agents/summarizer.md", "# Summarizer\n\nYou summarise what earlier gates made.\n");
        return cli;
    }

    void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    String startHello(OrunCli cli) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
    }

    JsonNode record(String id) {
        return Json.LENIENT.readTree(dir.resolve("orchestration/runs/" + id + "/record/RUN.json").toFile());
    }

    static List<String> filesContaining(Path root, String text) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p)).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).map(Path::toString).toList();
        }
    }

    @Test
    void a_hello_gate_done_by_a_model_agent_passes_with_every_round_in_the_record() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("list_directory", "{\"path\": \"orchestration\"}")
                .tools("read_file", "{\"path\": \"orchestration/prompts/hello/G1.md\"}")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("GREETING.md is written. Questions to jane.doe@example.org.");
        OrunCli cli = repo(model);
        String id = startHello(cli);

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        assertTrue(r.out().contains("PASS  G1"), r.describe());
        assertTrue(r.out().contains("round 3/8"), r.describe());
        assertTrue(r.out().contains("→ write_file(out/demo/GREETING.md)"), r.describe());
        assertTrue(r.out().contains("agent stopped: complete"), r.describe());
        assertEquals("# Hello\n\nHello from a model agent.\n", Files.readString(dir.resolve("out/demo/GREETING.md")));

        JsonNode run = record(id);
        JsonNode attempt = run.at("/gates/0/attempts/0");
        assertEquals("PASS", attempt.path("status").asString());
        assertEquals("greeter", attempt.path("agent").asString());
        JsonNode agentRun = attempt.path("agent_run");
        assertEquals("complete", agentRun.path("stop_reason").asString(), attempt.toString());
        assertEquals("claude-sonnet-4-5-20250929", agentRun.path("model").asString());
        assertEquals("anthropic", agentRun.path("provider").asString());
        assertEquals(4, agentRun.path("rounds").asInt());
        assertEquals(4000, agentRun.path("input_tokens").asLong());
        assertEquals(800, agentRun.path("output_tokens").asLong());
        assertEquals(400, agentRun.path("cache_read_tokens").asLong());
        assertEquals(1, agentRun.path("files_written").size());
        assertEquals("out/demo/GREETING.md", agentRun.at("/files_written/0/path").asString());
        assertEquals(attempt.at("/artifacts/0/sha256").asString(), agentRun.at("/files_written/0/sha256").asString());

        JsonNode invocations = run.path("invocations");
        assertEquals(4, invocations.size());
        for (int i = 0; i < 4; i++) {
            JsonNode inv = invocations.get(i);
            assertEquals(i + 1, inv.path("round").asInt(), inv.toString());
            assertEquals("SUCCESS", inv.path("status").asString());
            assertEquals("G1", inv.path("gate").asString());
            assertEquals("greeter", inv.path("agent").asString());
            assertEquals(1000, inv.at("/tokens/prompt").asLong());
            assertEquals(200, inv.at("/tokens/completion").asLong());
            assertEquals(100, inv.at("/tokens/cache_read").asLong());
            assertEquals(i < 3 ? "tool_use" : "end_turn", inv.path("stop_reason").asString());
            assertTrue(inv.hasNonNull("duration_ms"));
            assertEquals(inv.path("invocation_id").asString(), attempt.path("invocation_ids").get(i).asString());
        }
        assertTrue(run.path("events").toString().contains("AGENT_FILE_WRITTEN"));

        // What orun sent: the agent file compiled into the system prompt, the packet first, tool results answered.
        JsonNode first = model.requests.get(0);
        assertTrue(first.at("/system/0/text").asString().startsWith("# Greeter\n\nYou write short, warm greetings."));
        assertTrue(first.at("/system/0/text").asString().contains("- `out/demo/GREETING.md`"));
        String packet = first.at("/messages/0/content").asString();
        assertTrue(packet.startsWith("# orun prompt packet: gate G1"), packet);
        assertTrue(packet.contains("Write every required output with write_file"), packet);
        assertEquals(List.of("read_file", "write_file", "list_directory"),
                first.path("tools").valueStream().map(t -> t.path("name").asString()).toList());
        JsonNode second = model.requests.get(1);
        assertEquals(3, second.path("messages").size());
        JsonNode result = second.at("/messages/2/content/0");
        assertEquals("tool_result", result.path("type").asString());
        assertEquals(second.at("/messages/1/content/1/id").asString(), result.path("tool_use_id").asString());
        assertTrue(result.path("content").asString().contains("{\"name\":\"workflows\",\"type\":\"directory\"}"), result.toString());
        JsonNode third = model.requests.get(2);
        assertTrue(third.at("/messages/4/content/0/content").asString().contains("It must start with the heading"), third.toString());
        assertEquals(KEY, model.raw.get(0).getHeaders().get("x-api-key"));

        Path transcript = dir.resolve("orchestration/runs/" + id + "/logs/gates/G1/attempt-1/agent/transcript.jsonl");
        List<String> lines = Files.readAllLines(transcript);
        assertTrue(lines.get(0).contains("\"type\":\"start\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"tool_result\"") && l.contains("write_file")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("\"stop_reason\":\"complete\""));
        assertTrue(lines.stream().anyMatch(l -> l.contains("GREETING.md is written.")), lines.toString());
        assertTrue(filesContaining(dir.resolve("orchestration/runs"), "jane.doe@example.org").isEmpty(), "an e-mail address reached logs/");
        assertTrue(filesContaining(dir, KEY).isEmpty(), "the key leaked into " + filesContaining(dir, KEY));
        cli.run("run", "verify", "--run", id).assertExit(0);

        OrunCli.Result again = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(1);
        assertTrue(again.err().contains("gate G1 of run " + id + " already passed (attempt 1)"), again.describe());
        assertEquals(4, model.answered(), "nothing sent for a passed gate");
    }

    @Test
    void a_budget_exceeded_in_round_3_fails_the_attempt_with_budget_exceeded_and_the_tokens_used() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC).usage(4000, 100)
                .tools("list_directory", "{\"path\": \".\"}")
                .tools("list_directory", "{\"path\": \"orchestration\"}")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(model);
        write("orchestration/agents-runtime/routing-table.json", """
                {"_version": "1.1.0", "defaults": {"model": "claude-sonnet-4-5", "max_input_tokens": 500000},
                 "gates": {"G1": {"max_input_tokens": 10000, "max_output_tokens": 5000, "max_tool_rounds": 6,
                                  "temperature": 0.5, "rationale": "tight"}},
                 "budget": {"max_run_input_tokens": 8000000}}
                """);
        String id = startHello(cli);

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(1);

        assertTrue(r.out().contains("agent stopped: budget_exceeded"), r.describe());
        assertEquals(3, model.answered(), "no request after the budget was exceeded");
        JsonNode attempt = record(id).at("/gates/0/attempts/0");
        assertEquals("FAIL", attempt.path("status").asString());
        assertEquals("budget_exceeded", attempt.at("/agent_run/stop_reason").asString());
        assertEquals(12000, attempt.at("/agent_run/input_tokens").asLong());
        assertEquals(10000, attempt.at("/agent_run/max_input_tokens").asLong());
        assertEquals(3, attempt.at("/agent_run/rounds").asInt());
        assertTrue(attempt.path("failure_reason").asString().contains("budget_exceeded"), attempt.toString());
        assertTrue(attempt.path("failure_reason").asString().contains("input tokens 12000 exceed max_input_tokens 10000"),
                attempt.toString());
        assertFalse(model.requests.get(0).has("temperature"), "the Messages API description has no temperature");
        assertEquals("FAILED", record(id).path("status").asString());
        assertFalse(Files.exists(dir.resolve("out/demo/GREETING.md")), "the over-budget round's tool calls are not carried out");
    }

    @Test
    void a_price_given_for_the_model_the_gate_asks_for_costs_the_dated_model_that_answers_cache_tokens_included() throws Exception {
        // The Messages API answers "claude-sonnet-4-5" with its dated name; the price table names what the user routes.
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC).cache(100, 50)
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(model);
        write("orchestration/orun.yaml", """
                agents:
                  prices:
                    claude-sonnet-4-5: {input: 3.0, output: 15.0, cache_read: 0.3, cache_creation: 3.75}
                """);
        String id = startHello(cli);

        cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        JsonNode run = record(id);
        assertEquals("claude-sonnet-4-5-20250929", run.at("/invocations/0/model").asString());
        // Each round: 850 uncached input at $3/M + 100 cache reads at $0.30/M + 50 cache writes at $3.75/M + 200 output at $15/M
        // (0.0057675, recorded to the micro-dollar)
        assertEquals(0.005768, run.at("/invocations/0/cost_usd").asDouble(-1), 1e-9, run.path("invocations").toString());
        assertEquals(0.011536, run.at("/gates/0/attempts/0/agent_run/cost_usd").asDouble(-1), 1e-9);
        // Input counts the cached tokens too; the record says how many were cache reads and cache writes.
        assertEquals(1000, run.at("/invocations/0/tokens/prompt").asLong());
        assertEquals(100, run.at("/invocations/0/tokens/cache_read").asLong());
        assertEquals(50, run.at("/invocations/0/tokens/cache_creation").asLong());
        JsonNode agentRun = run.at("/gates/0/attempts/0/agent_run");
        assertEquals(2000, agentRun.path("input_tokens").asLong());
        assertEquals(200, agentRun.path("cache_read_tokens").asLong());
        assertEquals(100, agentRun.path("cache_creation_tokens").asLong(), agentRun.toString());
    }

    @Test
    void escapes_through_dotdot_absolute_paths_and_symlinks_are_tool_errors_and_nothing_is_written_outside() throws Exception {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "outside");
        Files.createDirectories(dir.resolve("out/demo"));
        Files.createSymbolicLink(dir.resolve("out/demo/link"), outside);
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("read_file", "{\"path\": \"../../etc/passwd\"}",
                        "write_file", "{\"path\": \"../../etc/passwd\", \"content\": \"x\"}",
                        "write_file", "{\"path\": \"" + outside.resolve("abs.txt") + "\", \"content\": \"x\"}",
                        "write_file", "{\"path\": \"out/demo/link/evil.txt\", \"content\": \"x\"}",
                        "read_file", "{\"path\": \"out/demo/link/secret.txt\"}",
                        "write_file", "{\"path\": \"README.md\", \"content\": \"x\"}",
                        "read_file", "{\"path\": \".env\"}",
                        "read_file", "{\"path\": \"notes/keys.txt\"}",
                        "list_directory", "{\"path\": \"../..\"}",
                        "list_directory", "{\"path\": \"out/demo/link\"}")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(model);
        write(".env", "OTHER_TOKEN=tok-abcdef-123\n");
        write("notes/keys.txt", "pasted by mistake: " + KEY + "\n");
        String id = startHello(cli);

        cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        JsonNode results = model.requests.get(1).at("/messages/2/content");
        assertEquals(10, results.size());
        for (int i : new int[] {8, 9}) {
            assertTrue(results.get(i).path("is_error").asBoolean(), results.get(i).toString());
            assertTrue(results.get(i).path("content").asString().contains("denied"), results.get(i).toString());
            assertFalse(results.get(i).path("content").asString().contains("secret.txt"), "a folder outside was listed");
        }
        assertEquals("pasted by mistake: [REDACTED]\n", results.get(7).path("content").asString(), "a secret in a file is scrubbed");
        for (JsonNode res : results.valueStream().limit(7).toList()) {
            assertTrue(res.path("is_error").asBoolean(), res.toString());
            assertTrue(res.path("content").asString().contains("denied"), res.toString());
        }
        assertTrue(results.get(0).path("content").asString().contains("escapes the repository through '..'"));
        assertTrue(results.get(2).path("content").asString().contains("absolute path"));
        assertTrue(results.get(3).path("content").asString().contains("symlink"));
        assertTrue(results.get(5).path("content").asString().contains("outside what this gate may write"));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(secret), s.toList(), "nothing was written outside the repository");
        }
        assertFalse(model.requests.toString().contains("tok-abcdef-123"), ".env reached the model");
        assertFalse(model.requests.toString().contains(KEY), "the key reached the model");
        assertTrue(filesContaining(dir.resolve("orchestration/runs"), KEY).isEmpty(), "the key reached the record or logs");
        JsonNode agentRun = record(id).at("/gates/0/attempts/0/agent_run");
        assertEquals(1, agentRun.path("files_written").size(), "only the allowed write is recorded");
    }

    @Test
    void a_model_still_calling_tools_at_max_tool_rounds_stops_with_max_rounds_and_a_terminal_sees_live_progress() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("list_directory", "{\"path\": \".\"}")
                .tools("list_directory", "{\"path\": \"orchestration\"}")
                .end("never asked");
        OrunCli cli = repo(model).stdin("", true);
        write("orchestration/orun.yaml", "agents:\n  routing:\n    gates:\n      G1: {max_tool_rounds: 2}\n");
        String id = startHello(cli);

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(1);

        assertEquals(2, model.answered());
        JsonNode attempt = record(id).at("/gates/0/attempts/0");
        assertEquals("max_rounds", attempt.at("/agent_run/stop_reason").asString(), attempt.toString());
        assertTrue(attempt.path("failure_reason").asString().contains("max_tool_rounds 2 reached"), attempt.toString());
        assertTrue(r.out().contains("round 1/2  waiting for claude-sonnet-4-5 …\r\033[K   round 1/2  tool_use"), r.describe());
    }

    @Test
    void a_run_another_live_process_drives_is_refused_with_exit_6_and_left_untouched() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC);
        OrunCli cli = repo(model);
        String id = startHello(cli);
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path lease = dir.resolve("orchestration/runs/" + id + "/logs/lease.json");
            Files.createDirectories(lease.getParent());
            Files.write(lease, Json.prettyBytes(new dev.orun.store.RunLease(other.pid(), dev.orun.store.RunLease.currentHost(),
                    other.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null), "2026-01-01T00:00:00.000Z",
                    "orun run hello", null, null, null, null)));

            OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(6);

            assertTrue(r.err().contains("is being driven by orun pid " + other.pid()), r.describe());
            assertEquals(0, record(id).at("/gates/0/attempts").size(), "no attempt was started");
            assertEquals(0, model.answered());
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void a_429_then_200_is_retried_after_retry_after() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .status(429, "retry-after", "3", "{\"type\": \"error\", \"error\": {\"type\": \"rate_limit_error\", \"message\": \"slow down\"}}")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .status(529, null, null, "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"busy\"}}")
                .end("done");
        OrunCli cli = repo(model);
        String id = startHello(cli);

        cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        assertEquals(4, model.answered());
        assertEquals(Duration.ofSeconds(3), waits.get(0));
        assertEquals(2, waits.size(), waits.toString());
        assertEquals(2, record(id).path("invocations").size(), "a retried request is one round");
    }

    @Test
    void a_refused_key_fails_the_attempt_and_exits_5_naming_the_variable() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .status(401, null, null, "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", \"message\": \"invalid x-api-key\"}}");
        OrunCli cli = repo(model);
        String id = startHello(cli);

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(5);

        assertTrue(r.err().contains("check ANTHROPIC_API_KEY"), r.describe());
        JsonNode attempt = record(id).at("/gates/0/attempts/0");
        assertEquals("FAIL", attempt.path("status").asString());
        assertEquals("error", attempt.at("/agent_run/stop_reason").asString());
        assertEquals("FAIL", record(id).at("/invocations/0/status").asString());
        assertFalse(r.err().contains(KEY));
    }

    @Test
    void a_403_names_anthropic_api_key_and_an_openai_server_refusing_its_key_names_openai_api_key() throws Exception {
        ToolUseStandIn anthropic = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .status(403, null, null, "{\"type\": \"error\", \"error\": {\"type\": \"permission_error\", \"message\": \"no access\"}}");
        OrunCli cli = repo(anthropic);
        String id = startHello(cli);

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(5);

        assertTrue(r.err().contains("refused the key (403 permission_error: no access): check ANTHROPIC_API_KEY"), r.describe());
        assertEquals(1, anthropic.answered(), "a refused key is not retried");

        String openAiKey = "sk-openai-agent-test-Vb72-SECRET";
        ToolUseStandIn openai = new ToolUseStandIn(ToolUseStandIn.Api.OPENAI)
                .status(401, null, null, "{\"error\": {\"type\": \"invalid_api_key\", \"message\": \"bad key\"}}");
        server.setDispatcher(openai);
        cli.env("OPENAI_BASE_URL", server.url("/v1").toString()).env("OPENAI_API_KEY", openAiKey);
        write("orchestration/agents-runtime/routing-table.json", """
                {"gates": {"G1": {"model": "qwen2.5-coder:7b", "provider": "openai"}}}
                """);
        String refused = cli.run("run", "start", "--workflow", "hello", "--slug", "oa2", "--artifact-path", "out/oa2").assertExit(0).lastLine();
        OrunCli.Result no = cli.run("agent", "execute", "--run", refused, "--gate", "G1").assertExit(5);

        assertTrue(no.err().contains("refused the key (401 invalid_api_key: bad key): check OPENAI_API_KEY"), no.describe());
        assertEquals("error", record(refused).at("/gates/0/attempts/0/agent_run/stop_reason").asString());
        assertFalse(no.err().contains(openAiKey) || no.out().contains(openAiKey));
        assertTrue(filesContaining(dir.resolve("orchestration/runs"), openAiKey).isEmpty(), "the key reached the record or logs");
        assertEquals(1, openai.answered(), "a refused key is not retried");
    }

    @Test
    void an_openai_compatible_server_is_retried_on_429_after_retry_after_and_on_503() throws Exception {
        ToolUseStandIn openai = new ToolUseStandIn(ToolUseStandIn.Api.OPENAI)
                .status(429, "Retry-After", "4", "{\"error\": {\"type\": \"rate_limit\", \"message\": \"slow down\"}}")
                .status(503, null, null, "{\"error\": {\"type\": \"unavailable\", \"message\": \"loading model\"}}")
                .tools("write_file", "{\"path\": \"out/oa/GREETING.md\", \"content\": \"" + GREETING + "\"}")
                .end("done");
        OrunCli cli = repo(openai).env("OPENAI_BASE_URL", server.url("/v1").toString());
        write("orchestration/agents-runtime/routing-table.json", """
                {"gates": {"G1": {"model": "qwen2.5-coder:7b", "provider": "openai"}}}
                """);
        String ok = cli.run("run", "start", "--workflow", "hello", "--slug", "oa", "--artifact-path", "out/oa").assertExit(0).lastLine();

        cli.run("agent", "execute", "--run", ok, "--gate", "G1").assertExit(0);

        assertEquals(4, openai.answered());
        assertEquals(Duration.ofSeconds(4), waits.get(0), waits.toString());
        assertEquals(2, waits.size(), "429 and 503 each waited once: " + waits);
        assertEquals(2, record(ok).path("invocations").size(), "a retried request is one round");
    }

    @Test
    void a_missing_key_or_agent_file_is_said_before_the_gate_starts() throws Exception {
        OrunCli cli = repo(new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC));
        String id = startHello(cli);
        Files.delete(dir.resolve("orchestration/agents/greeter.md"));

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(3);
        assertTrue(r.err().contains("agent 'greeter' not found"), r.describe());
        assertTrue(r.err().contains("orchestration/agents/greeter.md"), r.describe());

        OrunCli.Result noKey = new OrunCli(dir).run("agent", "execute", "--run", id, "--gate", "G1").assertExit(2);
        assertTrue(noKey.err().contains("gate G1 is done by a model agent (claude-sonnet-4-5, orun default): it needs "
                + "ANTHROPIC_API_KEY: set it in the environment or in .env at the repository root"), noKey.describe());
        assertEquals(0, record(id).path("gates").get(0).path("attempts").size(), record(id).toString());
    }
}
