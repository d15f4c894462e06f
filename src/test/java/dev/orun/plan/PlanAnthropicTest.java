package dev.orun.plan;

import dev.orun.cli.OrunCli;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.orun.plan.PlanTestSupport.filesContaining;
import static dev.orun.plan.PlanTestSupport.json;
import static dev.orun.plan.PlanTestSupport.onlyRun;
import static dev.orun.plan.PlanTestSupport.record;
import static dev.orun.plan.PlanTestSupport.repoWithExamplePrd;
import static dev.orun.plan.PlanTestSupport.runDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun plan} end to end against a model stand-in speaking the Anthropic Messages API on 127.0.0.1. */
class PlanAnthropicTest {
    static final String KEY = "sk-ant-test-7Qz1-SECRET-do-not-leak";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    private OrunCli repo(ModelStandIn model) throws Exception {
        server.setDispatcher(model);
        return repoWithExamplePrd(dir).env("ANTHROPIC_API_KEY", KEY).env("ANTHROPIC_BASE_URL", server.url("/v1").toString());
    }

    @Test
    void plan_of_the_example_prd_writes_a_valid_pack_summary_and_diagram_with_hashes_in_the_index() throws Exception {
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC);
        OrunCli cli = repo(model);

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md").assertExit(0);

        String runId = onlyRun(dir);
        assertTrue(runId.contains("_example-prd_"), runId);
        assertTrue(r.out().startsWith(runId + " PASSED"), r.describe());
        Path artifacts = runDir(dir, runId).resolve("record/artifacts");
        JsonNode pack = json(artifacts.resolve("architecture_pack.json"));
        assertEquals(List.of(), new SchemaValidator().validate(PackSchema.NAME, pack));
        assertEquals(runId, pack.get("run_id").asString());
        assertEquals(Files.readString(dir.resolve("docs/example-prd.md")), pack.at("/prd/raw_text").asString());
        assertEquals("Remindly", pack.at("/prd/title").asString());
        assertEquals(5, pack.at("/implementation/github_issue_plan").size());

        String summary = Files.readString(artifacts.resolve("architecture_pack_summary.md"));
        assertTrue(summary.contains("## Requirements and coverage"), summary);
        assertTrue(summary.contains("| req_6 | must | Patients can opt out of a channel; opt-outs apply at once and are kept for audit. | **not covered** |"), summary);
        assertTrue(summary.contains("| issue_5 | Clinic dashboard | issue_3, issue_4 | frontend |"), summary);
        assertTrue(summary.contains("- `/requirements/5`: requirement req_6 is left out of coverage"), summary);
        String diagram = Files.readString(artifacts.resolve("architecture_pack_diagram.mmd"));
        assertTrue(diagram.startsWith("flowchart LR\n"), diagram);
        assertEquals(7, diagram.lines().filter(l -> l.matches("  c_[a-z_]+\\[\".*\"]")).count(), diagram);
        assertTrue(diagram.contains("  c_remindly_web -->|\"request: Dashboard and settings calls\"| c_remindly_api\n"), diagram);
        Files.writeString(Path.of("target/example-plan-summary.md"), summary);
        Files.writeString(Path.of("target/example-plan-diagram.mmd"), diagram);
        Files.writeString(Path.of("target/example-plan-out.txt"), r.out());

        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.PASSED, run.status());
        assertEquals("plan", run.workflow().name());
        assertNotNull(run.finishedAt());
        Path prd = runDir(dir, runId).resolve("record/inputs/prd.md");
        assertEquals(dir.relativize(prd).toString(), run.prompt().file());
        assertEquals(Sha256.file(prd), run.prompt().sha256());
        assertEquals(3, run.artifactsIndex().size());
        for (IndexedArtifact a : run.artifactsIndex()) {
            assertEquals(Sha256.file(dir.resolve(a.resolvedPath())), a.sha256(), a.path());
        }
        assertTrue(run.validations().stream().anyMatch(v -> v.isWarning() && !v.pass()
                && v.message().equals("requirement req_6 is left out of coverage")), run.validations().toString());
        assertTrue(run.validations().stream().anyMatch(v -> "json_schema".equals(v.type()) && v.pass()));

        assertEquals(9, run.invocations().size());
        assertEquals(9, server.getRequestCount());
        Invocation first = run.invocations().get(0);
        assertEquals("plan:core", first.agent());
        assertEquals("anthropic", first.provider());
        assertEquals("claude-sonnet-4-6", first.model());
        assertEquals(1200, first.tokens().prompt());
        assertEquals(300, first.tokens().completion());
        assertEquals(InvocationStatus.SUCCESS, first.status());
        Path logs = runDir(dir, runId).resolve("logs/plan");
        assertEquals(Sha256.file(logs.resolve("01-core.attempt-1.request.json")), first.promptSha256());
        assertEquals(Sha256.file(logs.resolve("01-core.attempt-1.response.json")), first.responseSha256());
        assertTrue(filesContaining(dir, KEY).isEmpty(), "the key leaked into " + filesContaining(dir, KEY));
    }

    @Test
    void each_request_carries_key_version_budget_and_the_section_schema_as_a_forced_tool() throws Exception {
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC);
        OrunCli cli = repo(model).env("ANTHROPIC_ARCHITECTURE_MAX_TOKENS", "2222");

        cli.run("plan", "--prd", "docs/example-prd.md").assertExit(0);

        RecordedRequest req = model.requests().get(0);
        assertEquals("POST", req.getMethod());
        assertEquals("/v1/messages", req.getUrl().encodedPath());
        assertEquals(KEY, req.getHeaders().get("x-api-key"));
        assertEquals("2023-06-01", req.getHeaders().get("anthropic-version"));
        assertTrue(req.getHeaders().get("content-type").startsWith("application/json"));
        JsonNode core = model.bodies().get(0);
        assertEquals("claude-sonnet-4-6", core.get("model").asString());
        assertEquals(350, core.get("max_tokens").asInt());
        assertEquals("user", core.at("/messages/0/role").asString());
        assertTrue(core.at("/messages/0/content").asString().contains("Independent physiotherapy and dental clinics"));
        assertEquals("submit_core", core.at("/tools/0/name").asString());
        assertEquals(new PackSchema().section(PlanSection.CORE), core.at("/tools/0/input_schema"));
        assertEquals("tool", core.at("/tool_choice/type").asString());
        assertEquals("submit_core", core.at("/tool_choice/name").asString());
        for (int i = 0; i < PlanSection.values().length; i++) {
            PlanSection s = PlanSection.values()[i];
            JsonNode body = model.bodies().get(i);
            assertEquals(s.toolName(), body.at("/tool_choice/name").asString());
            assertEquals(new PackSchema().section(s), body.at("/tools/0/input_schema"), s.id());
        }
        JsonNode architecture = model.bodies().get(PlanSection.ARCHITECTURE.ordinal());
        assertEquals(2222, architecture.get("max_tokens").asInt());
        // later sections see the earlier ones
        assertTrue(architecture.at("/messages/0/content").asString().contains("\"req_7\""));
    }

    @Test
    void a_section_that_breaks_its_schema_once_is_asked_again_with_the_messages_and_repaired() throws Exception {
        ObjectNode wrong = (ObjectNode) ModelStandIn.fixture("architecture").deepCopy();
        ((ObjectNode) wrong.at("/architecture/components/0")).put("type", "frontend");
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC).answerFirst("architecture", wrong);
        OrunCli cli = repo(model);

        cli.run("plan", "--prd", "docs/example-prd.md").assertExit(0);

        assertEquals(10, server.getRequestCount());
        int i = PlanSection.ARCHITECTURE.ordinal();
        String retry = model.bodies().get(i + 1).at("/messages/0/content").asString();
        assertEquals("submit_architecture", model.bodies().get(i + 1).at("/tool_choice/name").asString());
        assertTrue(retry.startsWith("Your previous answer was refused for these reasons:\n- /architecture/components/0/type:"), retry);
        assertTrue(retry.contains("\"frontend\""), retry);
        String runId = onlyRun(dir);
        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.PASSED, run.status());
        List<Invocation> arch = run.invocations().stream().filter(v -> v.agent().equals("plan:architecture")).toList();
        assertEquals(List.of(InvocationStatus.FAIL, InvocationStatus.SUCCESS), arch.stream().map(Invocation::status).toList());
        assertTrue(arch.get(0).reason().startsWith("/architecture/components/0/type"), arch.get(0).reason());
    }

    @Test
    void a_dangling_depends_on_in_an_answer_is_sent_back_naming_the_id() throws Exception {
        ObjectNode wrong = (ObjectNode) ModelStandIn.fixture("implementation").deepCopy();
        ((ObjectNode) wrong.at("/implementation/github_issue_plan/1")).putArray("depends_on").add("issue_9");
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC).answerFirst("implementation", wrong);
        OrunCli cli = repo(model);

        cli.run("plan", "--prd", "docs/example-prd.md").assertExit(0);

        String retry = model.bodies().get(PlanSection.IMPLEMENTATION.ordinal() + 1).at("/messages/0/content").asString();
        assertTrue(retry.contains("- /implementation/github_issue_plan/1/depends_on/0: issue issue_2 depends on 'issue_9', "
                + "which names no issue in the plan"), retry);
    }

    @Test
    void a_section_wrong_every_time_exits_4_naming_it_keeps_raw_answers_and_writes_no_artifacts() throws Exception {
        ObjectNode cyclic = (ObjectNode) ModelStandIn.fixture("implementation").deepCopy();
        ((ObjectNode) cyclic.at("/implementation/github_issue_plan/0")).putArray("depends_on").add("issue_5");
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC)
                .answerFirst("implementation", cyclic).answerFirst("implementation", cyclic).answerFirst("implementation", cyclic);
        OrunCli cli = repo(model);

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md").assertExit(4);

        assertTrue(r.err().startsWith("orun: section 'implementation' failed its schema or checks 3 times; last: "
                + "/implementation/github_issue_plan/0/depends_on: dependency cycle issue_1 -> issue_5 -> issue_3 -> issue_2 -> issue_1"),
                r.describe());
        assertEquals(PlanSection.IMPLEMENTATION.ordinal() + 3, server.getRequestCount());
        String runId = onlyRun(dir);
        assertFalse(Files.exists(runDir(dir, runId).resolve("record/artifacts")));
        Path logs = runDir(dir, runId).resolve("logs/plan");
        for (int a = 1; a <= 3; a++) {
            assertTrue(Files.readString(logs.resolve("08-implementation.attempt-" + a + ".response.json")).contains("\"issue_5\""));
        }
        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.artifactsIndex().isEmpty());
    }

    @Test
    void a_refused_key_exits_5_naming_the_variable_and_the_key_appears_nowhere_even_verbose() throws Exception {
        OrunCli cli = repo(new ModelStandIn(ModelStandIn.Api.ANTHROPIC));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(401).addHeader("content-type", "application/json")
                        .body("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}").build();
            }
        });

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md", "--verbose").assertExit(5);

        assertTrue(r.err().startsWith("orun: Anthropic refused the key (401 authentication_error: invalid x-api-key): check ANTHROPIC_API_KEY"),
                r.describe());
        assertEquals(1, server.getRequestCount());
        assertFalse(r.err().contains(KEY), r.describe());
        assertFalse(r.out().contains(KEY), r.describe());
        assertTrue(filesContaining(dir, KEY).isEmpty(), "the key leaked into " + filesContaining(dir, KEY));
        assertEquals(RunStatus.FAILED, record(dir, onlyRun(dir)).status());
    }

    @Test
    void a_missing_key_for_anthropic_is_said_before_any_request_or_run() throws Exception {
        server.setDispatcher(new ModelStandIn(ModelStandIn.Api.ANTHROPIC));
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_BASE_URL", server.url("/v1").toString());

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "anthropic").assertExit(2);

        assertTrue(r.err().contains("needs ANTHROPIC_API_KEY"), r.describe());
        assertEquals(0, server.getRequestCount());
        assertFalse(Files.list(dir.resolve("orchestration/runs")).anyMatch(p -> p.getFileName().toString().startsWith("run_")));
    }

    @Test
    void the_key_and_model_load_from_dotenv_and_the_environment_wins() throws Exception {
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.ANTHROPIC);
        server.setDispatcher(model);
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_BASE_URL", server.url("/v1").toString())
                .env("ANTHROPIC_MODEL", "claude-from-environment");
        Files.writeString(dir.resolve(".env"), "ANTHROPIC_API_KEY=\"" + KEY + "\"\nANTHROPIC_MODEL=claude-from-dotenv\n");

        cli.run("plan", "--prd", "docs/example-prd.md").assertExit(0);

        assertEquals(KEY, model.requests().get(0).getHeaders().get("x-api-key"));
        assertEquals("claude-from-environment", model.bodies().get(0).get("model").asString());
        assertEquals("anthropic", record(dir, onlyRun(dir)).vars().get("provider"));
    }

    @Test
    void prd_from_stdin_is_kept_in_the_record() throws Exception {
        OrunCli cli = repo(new ModelStandIn(ModelStandIn.Api.ANTHROPIC))
                .stdin(Files.readString(Path.of("docs/example-prd.md"), StandardCharsets.UTF_8), false);

        OrunCli.Result r = cli.run("plan", "--prd", "-", "--slug", "remindly", "--json").assertExit(0);

        JsonNode out = Json.LENIENT.readTree(r.out());
        assertEquals("PASSED", out.get("status").asString());
        assertEquals(3, out.get("artifacts").size());
        String runId = out.get("run_id").asString();
        assertTrue(runId.contains("_remindly_"));
        assertEquals(Files.readString(Path.of("docs/example-prd.md")),
                Files.readString(runDir(dir, runId).resolve("record/inputs/prd.md")));
        List<ValidationResult> warnings = record(dir, runId).validations().stream().filter(ValidationResult::isWarning).toList();
        assertEquals(1, warnings.size());
    }

    @Test
    void plan_run_takes_the_prd_a_run_holds_and_a_finished_plan_is_planned_again_in_a_new_run() throws Exception {
        OrunCli cli = repo(new ModelStandIn(ModelStandIn.Api.ANTHROPIC));
        String hello = cli.run("run", "start", "--workflow", "hello", "--slug", "remindly", "--artifact-path", "out/a", "--prompt-file", "docs/example-prd.md")
                .assertExit(0).lastLine();

        String plan1 = cli.run("plan", "--run", hello).assertExit(0).out().split(" ")[0];
        String plan2 = cli.run("plan", "--run", plan1).assertExit(0).out().split(" ")[0];

        assertTrue(plan1.contains("_remindly_") && !plan1.equals(hello), plan1);
        assertEquals(Files.readString(dir.resolve("docs/example-prd.md")),
                Files.readString(runDir(dir, plan1).resolve("record/inputs/prd.md")));
        assertEquals(null, record(dir, plan1).replayOf());
        assertEquals(plan1, record(dir, plan2).replayOf());
        assertEquals(RunStatus.PASSED, record(dir, plan2).status());
        assertTrue(record(dir, hello).artifactsIndex().isEmpty());
    }

    @Test
    void a_bad_section_budget_is_said_before_any_run_or_request() throws Exception {
        OrunCli cli = repo(new ModelStandIn(ModelStandIn.Api.ANTHROPIC)).env("ANTHROPIC_COVERAGE_MAX_TOKENS", "lots");

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md").assertExit(2);

        assertTrue(r.err().startsWith("orun: ANTHROPIC_COVERAGE_MAX_TOKENS='lots' is not a positive whole number of tokens"), r.describe());
        assertEquals(0, server.getRequestCount());
        assertFalse(Files.list(dir.resolve("orchestration/runs")).anyMatch(p -> p.getFileName().toString().startsWith("run_")));
    }
}
