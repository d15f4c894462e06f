package dev.orun.github;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun dispatch}: what GitHub's workflow_dispatch expects, its 204 and 200 answers, and its refusals. */
class DispatchCommandTest {
    static final String TOKEN = "ghp_dispatchtoken123";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    private OrunCli cli() {
        return OrunCli.initialisedRepo(dir).env("GITHUB_API_URL", server.url("/api/v3").toString())
                .env("GITHUB_WORKFLOW_REPOSITORY", "octo/pass").env("PASS_GITHUB_WORKFLOW_TOKEN", TOKEN);
    }

    private static String runId(OrunCli cli) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", "disp", "--artifact-path", "out/a").assertExit(0).lastLine();
    }

    private String events(String id) throws Exception {
        return Files.readString(dir.resolve("orchestration/runs/" + id + "/record/RUN.json"));
    }

    @Test
    void planner_dispatch_sends_ref_and_run_id_with_githubs_headers_and_accepts_204() throws Exception {
        OrunCli cli = cli().env("GITHUB_WORKFLOW_REF", "release");
        String id = runId(cli);
        server.enqueue(new MockResponse.Builder().code(204).build());

        OrunCli.Result r = cli.run("dispatch", "planner", "--run", id, "--api-url", "https://orun.example/api").assertExit(0);

        RecordedRequest req = server.takeRequest();
        assertEquals("POST", req.getMethod());
        assertEquals("/api/v3/repos/octo/pass/actions/workflows/orun-planner.yml/dispatches", req.getUrl().encodedPath());
        assertEquals("Bearer " + TOKEN, req.getHeaders().get("Authorization"));
        assertEquals("application/vnd.github+json", req.getHeaders().get("Accept"));
        assertEquals("2022-11-28", req.getHeaders().get("X-GitHub-Api-Version"));
        assertTrue(req.getHeaders().get("User-Agent").startsWith("orun"));
        JsonNode body = Json.LENIENT.readTree(req.getBody().utf8());
        assertEquals(Json.LENIENT.readTree("{\"ref\": \"release\", \"inputs\": {\"run_id\": \"" + id
                + "\", \"api_base_url\": \"https://orun.example/api\"}, \"return_run_details\": true}"), body);
        assertTrue(r.out().contains("GitHub answered 204"), r.describe());
        assertTrue(events(id).contains("WORKFLOW_DISPATCHED"));
        assertFalse(r.out().contains(TOKEN) || events(id).contains(TOKEN));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void implementation_dispatch_records_the_workflow_run_id_of_githubs_200() throws Exception {
        OrunCli cli = cli().env("GITHUB_IMPLEMENTATION_WORKFLOW_FILE", "impl.yaml");
        String id = runId(cli);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"workflow_run_id\": 22334455, \"run_url\": \"https://api.github.com/repos/octo/pass/actions/runs/22334455\", "
                        + "\"html_url\": \"https://github.com/octo/pass/actions/runs/22334455\"}").build());

        OrunCli.Result r = cli.run("dispatch", "implementation", "--run", id, "--json").assertExit(0);

        assertEquals("/api/v3/repos/octo/pass/actions/workflows/impl.yaml/dispatches", server.takeRequest().getUrl().encodedPath());
        JsonNode doc = Json.LENIENT.readTree(r.out());
        assertEquals(22334455L, doc.path("workflow_run_id").asLong());
        assertTrue(events(id).contains("as workflow run 22334455 https://github.com/octo/pass/actions/runs/22334455"), events(id));
    }

    /** GitHub's official description of the operation (npm @octokit/openapi; see src/test/resources/github/README.md). */
    static JsonNode officialOperation() throws Exception {
        try (var in = DispatchCommandTest.class.getResourceAsStream("/github/workflow-dispatch.openapi.json")) {
            return Json.LENIENT.readTree(in.readAllBytes()).path("paths")
                    .path("/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches").path("post");
        }
    }

    @Test
    void the_request_and_the_stand_ins_answer_conform_to_githubs_official_api_description() throws Exception {
        JsonNode op = officialOperation();
        assertEquals("actions/create-workflow-dispatch", op.path("operationId").asString());
        JsonNode requestSchema = op.path("requestBody").path("content").path("application/json").path("schema");
        JsonNode answerSchema = op.path("responses").path("200").path("content").path("application/json").path("schema");
        assertTrue(op.path("responses").has("204"), "GitHub's description lists the 204 orun accepts");
        SchemaValidator validator = new SchemaValidator();
        String answer = "{\"workflow_run_id\": 98765, \"run_url\": \"https://api.github.com/repos/octo/pass/actions/runs/98765\", "
                + "\"html_url\": \"https://github.com/octo/pass/actions/runs/98765\"}";
        assertEquals(List.of(), validator.validateAgainst(answerSchema, Json.LENIENT.readTree(answer)), "the stand-in answers as GitHub does");

        OrunCli cli = cli();
        String id = runId(cli);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(answer).build());
        cli.run("dispatch", "planner", "--run", id, "--api-url", "http://serve.example:3001").assertExit(0);
        RecordedRequest req = server.takeRequest();
        JsonNode body = Json.LENIENT.readTree(req.getBody().utf8());
        assertEquals(List.of(), validator.validateAgainst(requestSchema, body), "orun's body breaks GitHub's request schema: " + body);
        assertTrue(body.path("return_run_details").asBoolean(), "asks for the run's id, as the description allows");
        assertTrue(body.path("inputs").size() <= requestSchema.path("properties").path("inputs").path("maxProperties").asInt(), body.toString());
        // the path is the operation's template with owner, repo and the workflow's file name
        assertEquals("/api/v3/repos/octo/pass/actions/workflows/orun-planner.yml/dispatches", req.getUrl().encodedPath());
        assertTrue(events(id).contains("as workflow run 98765"), events(id));
        // and the check can fail: a body without ref breaks the schema
        assertFalse(validator.validateAgainst(requestSchema, Json.LENIENT.readTree("{\"inputs\": {}}")).isEmpty());
    }

    @Test
    void a_server_without_return_run_details_is_asked_again_without_it() throws Exception {
        OrunCli cli = cli();
        String id = runId(cli);
        server.enqueue(new MockResponse.Builder().code(422).addHeader("Content-Type", "application/json")
                .body("{\"message\": \"Invalid request.\\n\\n\\\"return_run_details\\\" is not a permitted key.\"}").build());
        server.enqueue(new MockResponse.Builder().code(204).build());

        cli.run("dispatch", "planner", "--run", id).assertExit(0);

        assertTrue(Json.LENIENT.readTree(server.takeRequest().getBody().utf8()).has("return_run_details"));
        assertFalse(Json.LENIENT.readTree(server.takeRequest().getBody().utf8()).has("return_run_details"));
    }

    @Test
    void refusals_name_the_variable_to_fix_and_record_nothing() throws Exception {
        OrunCli cli = cli();
        String id = runId(cli);
        String before = events(id);
        String[][] cases = {
                {"401", "{\"message\": \"Bad credentials\"}", "PASS_GITHUB_WORKFLOW_TOKEN"},
                {"404", "{\"message\": \"Not Found\"}", "GITHUB_PLANNER_WORKFLOW_FILE and GITHUB_WORKFLOW_REPOSITORY"},
                {"422", "{\"message\": \"No ref found for: main\"}", "GITHUB_WORKFLOW_REF"},
                {"500", "{\"message\": \"boom\"}", "not retried"},
        };
        for (String[] c : cases) {
            server.enqueue(new MockResponse.Builder().code(Integer.parseInt(c[0])).addHeader("Content-Type", "application/json")
                    .body(c[1]).build());
            OrunCli.Result r = cli.run("dispatch", "planner", "--run", id).assertExit(5);
            assertTrue(r.err().contains(c[2]), c[0] + ": " + r.describe());
            assertTrue(r.err().contains(c[0]), r.describe());
            assertFalse(r.err().contains(TOKEN), r.describe());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.describe());
        }
        assertEquals(4, server.getRequestCount(), "no retries");
        assertEquals(before, events(id), "nothing recorded");
    }

    @Test
    void missing_settings_are_usage_errors_naming_the_variable() {
        OrunCli cli = OrunCli.initialisedRepo(dir).env("GITHUB_API_URL", server.url("/").toString());
        String id = runId(cli);
        assertTrue(cli.run("dispatch", "planner", "--run", id).assertExit(2).err().contains("GITHUB_WORKFLOW_REPOSITORY"));
        cli.env("GITHUB_WORKFLOW_OWNER", "octo").env("GITHUB_WORKFLOW_REPO", "pass");
        assertTrue(cli.run("dispatch", "planner", "--run", id).assertExit(2).err().contains("PASS_GITHUB_WORKFLOW_TOKEN"));
        cli.env("GITHUB_WORKFLOW_TOKEN", "t0k");
        assertTrue(cli.run("dispatch", "reviewer", "--run", id).assertExit(2).err().contains("planner or implementation"));
        cli.env("GITHUB_PLANNER_WORKFLOW_FILE", "../evil.yml");
        assertTrue(cli.run("dispatch", "planner", "--run", id).assertExit(2).err().contains("GITHUB_PLANNER_WORKFLOW_FILE"));
        assertEquals(0, server.getRequestCount());
    }
}
