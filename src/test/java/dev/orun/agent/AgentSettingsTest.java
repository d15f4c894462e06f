package dev.orun.agent;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing table sources, agent config and list, bad settings, and producer and auditor kept apart. */
class AgentSettingsTest {
    @TempDir
    Path dir;

    void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void the_routing_table_in_orun_yaml_wins_and_a_workflow_model_overrides_it() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write("orchestration/agents-runtime/routing-table.json", "{\"gates\": {\"G1\": {\"model\": \"from-seed-file\"}}}");
        write("orchestration/orun.yaml", """
                agents:
                  routing:
                    defaults: {max_tool_rounds: 3, tools: [read_file, write_file]}
                    gates:
                      G1: {model: claude-haiku-4-5, max_input_tokens: 1000}
                """);
        JsonNode g1 = Json.LENIENT.readTree(cli.run("agent", "config", "--gate", "G1", "--json").assertExit(0).out());
        assertEquals("claude-haiku-4-5", g1.path("model").asString());
        assertEquals("orchestration/orun.yaml /agents/routing", g1.path("routing_table").asString());
        assertEquals(3, g1.path("max_tool_rounds").asInt());
        assertEquals("routing defaults", g1.at("/sources/max_tool_rounds").asString());
        assertEquals("orun default", g1.at("/sources/max_output_tokens").asString());
        assertEquals(2, g1.path("tools").size());
        assertEquals("anthropic", g1.path("provider").asString());

        write("orchestration/workflows/duo.yaml", """
                workflow: duo
                gates:
                  - {gate: G1, agent: a, model: llama3.1:8b, contract: orchestration/gates/contracts/hello.G1.contract.json}
                """);
        JsonNode wf = Json.LENIENT.readTree(cli.run("agent", "config", "--gate", "G1", "--workflow", "duo", "--json").assertExit(0).out());
        assertEquals("llama3.1:8b", wf.path("model").asString());
        assertEquals("workflow", wf.at("/sources/model").asString());
        assertEquals("openai", wf.path("provider").asString(), "a model not named claude-* goes to the OpenAI-compatible server");
        OrunCli.Result human = cli.run("agent", "config", "--gate", "G1", "--workflow", "hello").assertExit(0);
        assertTrue(human.out().contains("its exec command does it (not a model gate)"), human.describe());
    }

    @Test
    void a_routing_table_that_breaks_its_schema_is_exit_4_naming_the_file_and_field() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write("orchestration/agents-runtime/routing-table.json", "{\"gates\": {\"G1\": {\"max_tool_rounds\": \"ten\"}}}");
        OrunCli.Result r = cli.run("agent", "config", "--gate", "G1").assertExit(4);
        assertTrue(r.err().contains("orchestration/agents-runtime/routing-table.json /gates/G1/max_tool_rounds"), r.describe());
        write("orchestration/agents-runtime/routing-table.json", "{\"gates\": {\"G1\": {\"tools\": [\"run_shell\"]}}}");
        r = cli.run("agent", "config", "--gate", "G1").assertExit(4);
        assertTrue(r.err().contains("/gates/G1/tools/0"), r.describe());
        write("orchestration/orun.yaml", "agents:\n  routing_table: ../elsewhere.json\n");
        r = cli.run("agent", "config", "--gate", "G1").assertExit(4);
        assertTrue(r.err().contains("/agents/routing_table") && r.err().contains("escapes the repository"), r.describe());
    }

    @Test
    void agent_list_says_which_agents_are_found_and_fails_when_a_model_gate_has_none() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        assertTrue(Files.readString(dir.resolve("orchestration/agents/greeter.md")).startsWith("# Greeter"), "orun init writes hello's agents");
        Files.delete(dir.resolve("orchestration/agents/summarizer.md"));
        OrunCli.Result r = cli.run("agent", "list", "--workflow", "hello").assertExit(0);
        assertTrue(r.out().contains("G1       greeter"), r.describe());
        assertTrue(r.out().contains("orchestration/agents/greeter.md"), r.describe());
        assertTrue(r.out().matches("(?s).*G2 +summarizer +NOT FOUND.*"), r.describe());
        write("orchestration/agents-runtime/routing-table.json", "{\"gates\": {\"G9\": {}}}");
        write("orchestration/workflows/duo.yaml", """
                workflow: duo
                gates:
                  - {gate: G9, agent: ghost, contract: orchestration/gates/contracts/hello.G1.contract.json}
                """);
        OrunCli.Result missing = cli.run("agent", "list", "--workflow", "duo").assertExit(1);
        assertTrue(missing.out().contains("ghost") && missing.out().contains("NOT FOUND  [model gate]"), missing.describe());
    }

    @Test
    void contracts_check_fails_when_an_auditing_gate_has_the_agent_of_the_gate_it_audits() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write("orchestration/gates/contracts/G5.contract.json", "{\"gate\": \"G5\", \"required_outputs\": [\"{artifact_path}/a.md\"], \"validations\": []}");
        write("orchestration/gates/contracts/G6.contract.json", "{\"gate\": \"G6\", \"required_outputs\": [\"{artifact_path}/b.md\"], \"validations\": []}");
        write("orchestration/workflows/audit.yaml", """
                workflow: audit
                gates:
                  - {gate: G5, agent: producer, contract: orchestration/gates/contracts/G5.contract.json}
                  - {gate: G6, agent: producer, audits: [G5], contract: orchestration/gates/contracts/G6.contract.json}
                """);
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("orchestration/workflows/audit.yaml /gates/1/agent: gate G6 audits G5 but both are done by "
                + "agent 'producer'"), r.describe());

        write("orchestration/workflows/audit.yaml", """
                workflow: audit
                gates:
                  - {gate: G5, agent: producer, contract: orchestration/gates/contracts/G5.contract.json}
                  - {gate: G6, agent: auditor, audits: [G5, G7], contract: orchestration/gates/contracts/G6.contract.json}
                """);
        r = cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("/gates/1/audits: 'G7' is not a gate of workflow audit"), r.describe());
        assertFalse(r.out().contains("both are done by"), r.describe());

        write("orchestration/workflows/audit.yaml", """
                workflow: audit
                gates:
                  - {gate: G5, agent: producer, contract: orchestration/gates/contracts/G5.contract.json}
                  - {gate: G6, agent: auditor, audits: [G5], contract: orchestration/gates/contracts/G6.contract.json}
                """);
        cli.run("contracts", "check").assertExit(0);
    }
}
