package dev.orun.agent;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The seed repository as its users run it today: its routing table, its agents and a gate of its workflow. */
class SeedAgentsTest {
    static final Path SEED = Path.of("../shared/compat/esy-runner-head");

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    OrunCli cli;

    @BeforeEach
    void copySeed() {
        assumeTrue(Files.isDirectory(SEED.resolve("orchestration/agents-runtime")), SEED.toAbsolutePath() + " is missing: skipped");
        OrunCli.copyTree(SEED, dir);
        OrunCli.git(dir, "init", "-q");
        cli = new OrunCli(dir);
    }

    @Test
    void agent_config_reads_the_seeds_routing_table_as_it_is() {
        OrunCli.Result r = cli.run("agent", "config", "--gate", "G5").assertExit(0);

        assertTrue(r.out().contains("routing table: orchestration/agents-runtime/routing-table.json"), r.describe());
        assertTrue(r.out().contains("claude-opus-4-6"), r.describe());
        assertTrue(r.out().contains("2,000,000 (cumulative over rounds)"), r.describe());
        assertTrue(r.out().contains("THE production gate."), r.describe());
        JsonNode g9 = Json.LENIENT.readTree(cli.run("agent", "config", "--gate", "G9", "--json").assertExit(0).out());
        assertEquals("claude-haiku-4-5", g9.path("model").asString());
        assertEquals(300000, g9.path("max_input_tokens").asLong());
        assertEquals(0.3, g9.path("temperature").asDouble());
        assertEquals("routing gates.G9", g9.at("/sources/model").asString());
        assertEquals("routing defaults", g9.at("/sources/tools").asString());
        JsonNode unknown = Json.LENIENT.readTree(cli.run("agent", "config", "--gate", "G42", "--json").assertExit(0).out());
        assertEquals("claude-sonnet-4-5", unknown.path("model").asString());
        assertEquals(500000, unknown.path("max_input_tokens").asLong(), "the table's defaults");
        assertEquals(false, unknown.path("model_gate").asBoolean());
        OrunCli.Result all = cli.run("agent", "config").assertExit(0);
        assertEquals(17, all.out().lines().filter(l -> l.startsWith("  G")).count(), all.describe());
    }

    /**
     * The seed's current workflow and contract format (phase, dotted gate ids, its newer validation types) is
     * another issue's work: until orun reads it, the tests that need it are skipped, saying why.
     */
    static void assumeSeedFormatRead(OrunCli.Result r) {
        assumeTrue(!(r.exit() == 4 && (r.err().contains("schema: contracts/workflow.schema.json")
                || r.err().contains("schema: contracts/gate-contract.schema.json"))),
                "orun does not read the seed's current workflow/contract format yet: " + r.err().strip());
    }

    @Test
    void agent_list_names_the_seeds_agents_found_or_not_with_their_prompt_size() {
        OrunCli.Result r = cli.run("agent", "list", "--workflow", "visual-essay");
        assumeSeedFormatRead(r);
        r.assertExit(0);

        assertTrue(r.out().matches("(?s).*G1 +visual-essay-orchestrator +orchestration/agents/orchestrators/visual-essay-orchestrator\\.md"
                + "  7\\d,\\d{3} chars \\(~19,\\d{3} tokens\\)  \\[model gate].*"), r.describe());
        assertTrue(r.out().contains("auditors/citation-audit-agent.md"), r.describe());
    }

    @Test
    void a_gate_of_the_seeds_workflow_runs_with_its_agent_against_the_scripted_stand_in() {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("list_directory", "{\"path\": \"orchestration/agents\"}")
                .tools("write_file", "{\"path\": \"src/app/essays/the-word-agent/G1-INTAKE.md\", \"content\": \"---\\nstatus: PASS\\ngate: G1\\n---\\n# Intake\\n\"}")
                .end("Intake written.");
        server.setDispatcher(model);
        cli.env("ANTHROPIC_API_KEY", "sk-ant-seed-test-key").env("ANTHROPIC_BASE_URL", server.url("/v1").toString());
        OrunCli.Result start = cli.run("run", "start", "--workflow", "visual-essay", "--slug", "the-word-agent", "--artifact-path",
                "src/app/essays/the-word-agent");
        assumeSeedFormatRead(start);
        String id = start.assertExit(0).lastLine();

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1").assertExit(0);

        assertTrue(r.out().contains("model claude-sonnet-4-5 (anthropic)  budget 300,000 input / 50,000 output tokens, 10 rounds"),
                r.describe());
        String system = model.requests.get(0).at("/system/0/text").asString();
        assertTrue(system.startsWith(readSeed("orchestration/agents/orchestrators/visual-essay-orchestrator.md").stripTrailing()));
        assertTrue(system.contains("**Gate:** G1 — Intake Approval"), system.substring(system.length() - 2000));
        JsonNode attempt = Json.LENIENT.readTree(dir.resolve("orchestration/runs/" + id + "/record/RUN.json").toFile())
                .at("/gates/0/attempts/0");
        assertEquals("PASS", attempt.path("status").asString(), attempt.toString());
        assertEquals("visual-essay-orchestrator", attempt.path("agent").asString());
        assertEquals("complete", attempt.at("/agent_run/stop_reason").asString());
    }

    static String readSeed(String rel) {
        try {
            return Files.readString(SEED.resolve(rel));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
