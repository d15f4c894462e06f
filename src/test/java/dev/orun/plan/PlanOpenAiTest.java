package dev.orun.plan;

import dev.orun.cli.OrunCli;
import dev.orun.run.Invocation;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.plan.PlanTestSupport.filesContaining;
import static dev.orun.plan.PlanTestSupport.onlyRun;
import static dev.orun.plan.PlanTestSupport.record;
import static dev.orun.plan.PlanTestSupport.repoWithExamplePrd;
import static dev.orun.plan.PlanTestSupport.runDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun plan --provider openai} against an OpenAI-compatible chat-completions stand-in on 127.0.0.1. */
class PlanOpenAiTest {
    static final String KEY = "sk-openai-test-SECRET-91";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    @Test
    void plan_through_chat_completions_sends_the_section_schema_as_response_format_and_records_the_pack() throws Exception {
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.OPENAI);
        server.setDispatcher(model);
        OrunCli cli = repoWithExamplePrd(dir).env("OPENAI_BASE_URL", server.url("/v1/").toString())
                .env("OPENAI_API_KEY", KEY).env("OPENAI_MODEL", "llama3.1:8b");

        cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "openai").assertExit(0);

        RecordedRequest req = model.requests().get(0);
        assertEquals("/v1/chat/completions", req.getUrl().encodedPath());
        assertEquals("Bearer " + KEY, req.getHeaders().get("Authorization"));
        JsonNode body = model.bodies().get(0);
        assertEquals("llama3.1:8b", body.get("model").asString());
        assertEquals(350, body.get("max_tokens").asInt());
        assertEquals("system", body.at("/messages/0/role").asString());
        assertEquals("user", body.at("/messages/1/role").asString());
        assertTrue(body.at("/messages/1/content").asString().contains("Independent physiotherapy"));
        assertEquals("json_schema", body.at("/response_format/type").asString());
        assertEquals("submit_core", body.at("/response_format/json_schema/name").asString());
        assertEquals(new PackSchema().section(PlanSection.CORE), body.at("/response_format/json_schema/schema"));

        String runId = onlyRun(dir);
        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.PASSED, run.status());
        assertTrue(Files.exists(runDir(dir, runId).resolve("record/artifacts/architecture_pack.json")));
        Invocation first = run.invocations().get(0);
        assertEquals("openai", first.provider());
        assertEquals("llama3.1:8b", first.model());
        assertEquals(1000, first.tokens().prompt());
        assertEquals(250, first.tokens().completion());
        assertTrue(filesContaining(dir, KEY).isEmpty());
    }

    @Test
    void a_local_server_needs_no_key_and_the_model_comes_from_the_option() throws Exception {
        ModelStandIn model = new ModelStandIn(ModelStandIn.Api.OPENAI);
        server.setDispatcher(model);
        OrunCli cli = repoWithExamplePrd(dir).env("OPENAI_BASE_URL", server.url("/v1").toString());

        cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "openai", "--model", "qwen2.5").assertExit(0);

        assertEquals(null, model.requests().get(0).getHeaders().get("Authorization"));
        assertEquals("qwen2.5", model.bodies().get(0).get("model").asString());
    }

    @Test
    void a_refused_key_exits_5_naming_openai_api_key() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}").build());
        OrunCli cli = repoWithExamplePrd(dir).env("OPENAI_BASE_URL", server.url("/v1").toString())
                .env("OPENAI_API_KEY", KEY).env("OPENAI_MODEL", "gpt-4o-mini");

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "openai", "--verbose").assertExit(5);

        assertTrue(r.err().startsWith("orun: the OpenAI-compatible server refused the key (401 invalid_request_error: "
                + "Incorrect API key provided): check OPENAI_API_KEY"), r.describe());
        assertFalse(r.err().contains(KEY));
        assertTrue(filesContaining(dir, KEY).isEmpty());
    }

    @Test
    void a_missing_model_is_said_before_any_request() throws Exception {
        server.setDispatcher(new ModelStandIn(ModelStandIn.Api.OPENAI));
        OrunCli cli = repoWithExamplePrd(dir).env("OPENAI_BASE_URL", server.url("/v1").toString());

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "openai").assertExit(2);

        assertTrue(r.err().contains("set OPENAI_MODEL or pass --model"), r.describe());
        assertEquals(0, server.getRequestCount());
    }
}
