package dev.orun.observe;

import dev.orun.cli.OrunCli;
import dev.orun.run.RunRecord;
import dev.orun.run.Tokens;
import dev.orun.schema.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Model agents' record fields (cache tokens, stop reason, round, agent_run; issue 16) in the export and in watch. Runs
 * once the record model carries them (the agents work merged); before, each test is skipped saying so.
 */
class ModelAgentFieldsTest {
    @TempDir
    Path dir;

    @Test
    void cache_tokens_stop_reason_and_round_become_genai_attributes() throws Exception {
        assumeTrue(Arrays.stream(Tokens.class.getRecordComponents()).anyMatch(c -> c.getName().equals("cacheRead")),
                "the record model has no cache token fields yet (issue 16 not merged): nothing to map");
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);
        String id = new AgentProcessFixture(dir).runs().get(0);
        JsonNode tree = Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
        ObjectNode inv = (ObjectNode) tree.path("invocations").get(0);
        inv.put("model", "claude-sonnet-4-5").put("provider", "anthropic").put("stop_reason", "end_turn").put("round", 2);
        ((ObjectNode) inv.path("tokens")).put("prompt", 1000).put("completion", 50).put("total", 1050)
                .put("cache_read", 800).put("cache_creation", 100);
        RunRecord run = Json.STRICT.treeToValue(tree, RunRecord.class);

        List<SpanData> spans = new RunTrace("0.1.0").spans(run, Instant.now());
        SpanData chat = spans.stream().filter(s -> s.getName().equals("chat claude-sonnet-4-5")).findFirst().orElseThrow();
        assertEquals(800L, chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")));
        assertEquals(100L, chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")));
        assertEquals(List.of("end_turn"), chat.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
        assertEquals(2L, chat.getAttributes().get(AttributeKey.longKey("orun.agent.round")));
        assertEquals(1000L, chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
        SpanData other = spans.stream().filter(s -> s.getName().equals("invoke_agent summarizer")).findFirst().orElseThrow();
        assertNull(other.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")), "only where the record has it");
        assertTrue(spans.size() >= 5);
    }

    @Test
    void watch_shows_a_model_agents_tokens_against_its_budget_when_its_gate_ends() throws Exception {
        assumeTrue(Arrays.stream(dev.orun.run.Attempt.class.getRecordComponents()).anyMatch(c -> c.getName().equals("agentRun")),
                "the record model has no agent_run yet (issue 16 not merged): no budget to show");
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);
        String id = new AgentProcessFixture(dir).runs().get(0);
        Path file = dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
        JsonNode tree = Json.STRICT.readTree(Files.readAllBytes(file));
        ObjectNode attempt = (ObjectNode) tree.path("gates").get(0).path("attempts").get(0);
        ObjectNode ar = attempt.putObject("agent_run");
        ar.put("model", "claude-sonnet-4-5").put("provider", "anthropic").put("stop_reason", "complete").put("rounds", 3)
                .put("input_tokens", 4200).put("output_tokens", 900).put("cache_read_tokens", 3000).put("cache_creation_tokens", 200)
                .put("max_input_tokens", 100000).put("max_output_tokens", 8000).put("max_tool_rounds", 12).put("cost_usd", 0.03);
        ar.putArray("files_written");
        Files.write(file, Json.prettyBytes(tree));

        OrunCli.Result w = cli.run("watch", "--run", id, "--from-start").assertExit(0);
        assertTrue(w.out().contains("GATE_PASSED G1") && w.out().contains("[claude-sonnet-4-5: stop complete, tokens in 4200 of 100000, out 900 of 8000, rounds 3 of 12, $0.03]"),
                w.describe());

        List<SpanData> spans = new RunTrace("0.1.0").spans(Json.STRICT.treeToValue(tree, RunRecord.class), Instant.now());
        SpanData g1 = spans.stream().filter(s -> s.getName().equals("gate G1 attempt 1")).findFirst().orElseThrow();
        assertEquals(100000L, g1.getAttributes().get(AttributeKey.longKey("orun.budget.max_input_tokens")));
        assertEquals(3000L, g1.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")));
        assertEquals(List.of("complete"), g1.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
    }
}
