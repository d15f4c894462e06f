package dev.orun.serve;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun serve}'s API through a real socket, every answer checked against contracts/serve-api.openapi.json. */
class ServeApiTest {
    static final Path SEED_PACK = Path.of("../shared/compat/wspass/architecture_pack.sample.json");

    @TempDir
    Path dir;

    @StartStop
    final MockWebServer github = new MockWebServer();

    private ServeFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private String create(String workflow, String slug, String artifactPath) {
        String body = "{\"workflow\": \"" + workflow + "\", \"slug\": \"" + slug + "\""
                + (artifactPath == null ? "" : ", \"artifact_path\": \"" + artifactPath + "\"") + "}";
        return f.call("POST", "/runs", "/runs", body, 201).json().path("run").path("run_id").asString();
    }

    @Test
    void a_planner_stand_in_creates_a_run_reports_steps_uploads_its_pack_and_the_record_verifies() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SEED_PACK), "skipped: ../shared/compat/wspass/ is not beside the repository");
        f = new ServeFixture(dir, "127.0.0.1", Map.of("GITHUB_API_URL", github.url("/api/v3").toString(),
                "GITHUB_WORKFLOW_REPOSITORY", "octo/pass", "PASS_GITHUB_WORKFLOW_TOKEN", "ghp_servetoken1",
                "ORUN_API_URL", "http://serve.example:3001"));
        Set<String> seen = new HashSet<>();

        // WSPass's POST /runs: a PRD
        JsonNode created = f.call("POST", "/runs", "/runs", "{\"prd_text\": \"# Checkout PRD\\n\\nPeople pay.\\n\", "
                + "\"requested_by\": \"planner-test\", \"source\": {\"repository\": \"octo/shop\", \"trigger\": \"api\"}}", 201).json();
        seen.add("POST /runs");
        JsonNode run = created.path("run");
        String id = run.path("run_id").asString();
        assertTrue(id.contains("_checkout-prd_"), id);
        assertEquals("created", run.path("status").asString());
        assertEquals("created", run.path("current_step").asString());
        assertEquals(run.path("created_at"), run.path("last_updated_at"));
        assertEquals(List.of("created"), fieldNames(run.path("step_timestamps")));
        assertEquals("# Checkout PRD\n\nPeople pay.\n", run.path("input").path("prd_text").asString());
        assertEquals("planner-test", run.path("input").path("requested_by").asString());
        assertEquals("octo/shop", run.path("input").path("source").path("repository").asString());

        // steps and statuses as the seed's planner reports them: a step's timestamp is the first time it is reached
        JsonNode parsed = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"parsed\", \"current_step\": \"parse\"}", 200).json();
        seen.add("PATCH /runs/{runId}");
        String parseAt = parsed.path("run").path("step_timestamps").path("parse").asString();
        assertEquals("parsed", parsed.path("run").path("status").asString());
        f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"plan\"}", 200);
        Thread.sleep(5);
        JsonNode back = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"parse\"}", 200).json().path("run");
        assertEquals("parse", back.path("current_step").asString(), "the current step is the one last reported");
        assertEquals(parseAt, back.path("step_timestamps").path("parse").asString(), "reached again: the first time stays");
        assertTrue(back.path("last_updated_at").asString().compareTo(parseAt) > 0, back.toString());
        f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"plan_generated\", \"current_step\": \"export\"}", 200);

        // the planner's artifacts, by the seed's names
        String pack = Files.readString(SEED_PACK);
        JsonNode up = f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                "{\"name\": \"architecture_pack\", \"content_type\": \"application/json\", \"payload\": " + pack + "}", 201).json();
        seen.add("POST /runs/{runId}/artifacts");
        assertEquals("architecture_pack", up.path("artifact").path("name").asString());
        assertEquals("architecture_pack.json", up.path("artifact").path("filename").asString());
        assertEquals("application/json", up.path("artifact").path("content_type").asString());
        assertTrue(Files.isRegularFile(f.runDir(id).resolve("record/artifacts/architecture_pack.json")));
        f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                "{\"name\": \"notes/run-notes\", \"content_type\": \"text/markdown\", \"payload\": \"# Notes\\n\\nplanned.\\n\"}", 201);
        f.call("POST", "/runs/{runId}/invocations", "/runs/" + id + "/invocations",
                "{\"agent\": \"planner\", \"model\": \"claude-x\", \"provider\": \"anthropic\", "
                        + "\"tokens_prompt\": 1200, \"tokens_completion\": 800, \"duration_ms\": 5400}", 201);
        seen.add("POST /runs/{runId}/invocations");

        // execution: nothing dispatched yet, then the planner workflow dispatched, running, succeeded
        ServeFixture.Answer early = f.call("PATCH", "/runs/{runId}/execution", "/runs/" + id + "/execution", "{\"status\": \"running\"}", 409);
        assertTrue(early.json().path("message").asString().contains("dispatch"), early.text());
        github.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"workflow_run_id\": 4242, \"run_url\": \"https://api.github.com/repos/octo/pass/actions/runs/4242\", "
                        + "\"html_url\": \"https://github.com/octo/pass/actions/runs/4242\"}").build());
        JsonNode dispatched = f.call("POST", "/runs/{runId}/dispatch", "/runs/" + id + "/dispatch", null, 200).json();
        seen.add("POST /runs/{runId}/dispatch");
        RecordedRequest req = github.takeRequest();
        assertEquals("/api/v3/repos/octo/pass/actions/workflows/orun-planner.yml/dispatches", req.getUrl().encodedPath());
        assertEquals("Bearer ghp_servetoken1", req.getHeaders().get("Authorization"));
        assertEquals(Json.LENIENT.readTree("{\"ref\": \"main\", \"inputs\": {\"run_id\": \"" + id
                + "\", \"api_base_url\": \"http://serve.example:3001\"}, \"return_run_details\": true}"), Json.LENIENT.readTree(req.getBody().utf8()));
        JsonNode ex = dispatched.path("execution");
        assertEquals("phase1-planner", ex.path("workflow_name").asString());
        assertEquals("dispatched", ex.path("status").asString());
        assertEquals(4242, ex.path("github_run_id").asLong());
        f.call("PATCH", "/runs/{runId}/execution", "/runs/" + id + "/execution", "{\"status\": \"running\", \"github_run_id\": 4242}", 200);
        seen.add("PATCH /runs/{runId}/execution");
        JsonNode done = f.call("PATCH", "/runs/{runId}/execution", "/runs/" + id + "/execution", "{\"status\": \"succeeded\"}", 200).json();
        assertEquals("succeeded", done.path("run").path("execution").path("status").asString());
        assertTrue(done.path("run").path("execution").has("completed_at"), done.toString());
        ServeFixture.Answer again = f.call("PATCH", "/runs/{runId}/execution", "/runs/" + id + "/execution", "{\"status\": \"running\"}", 400);
        assertEquals("/status", again.json().path("pointer").asString(), again.text());

        // the implementation workflow, by the seed's name; GitHub's 204 carries no run id
        github.enqueue(new MockResponse.Builder().code(204).build());
        JsonNode impl = f.call("POST", "/runs/{runId}/dispatch/{workflowName}", "/runs/" + id + "/dispatch/phase2-implementation", "{}", 200).json();
        seen.add("POST /runs/{runId}/dispatch/{workflowName}");
        assertEquals("/api/v3/repos/octo/pass/actions/workflows/orun-implementation.yml/dispatches", github.takeRequest().getUrl().encodedPath());
        assertEquals("phase2-implementation", impl.path("execution").path("workflow_name").asString());
        assertFalse(impl.path("execution").has("github_run_id"), impl.toString());
        f.call("POST", "/runs/{runId}/dispatch/{workflowName}", "/runs/" + id + "/dispatch/phase9-nothing", null, 404);

        JsonNode issues = f.call("PATCH", "/runs/{runId}/implementation-state", "/runs/" + id + "/implementation-state",
                "{\"synced_at\": \"2026-03-03T10:00:00.000Z\", \"issues\": [{\"plan_item_id\": \"ISSUE-1\", \"title\": \"Pay\", "
                        + "\"issue_number\": 7, \"sync_status\": \"created\", \"labels\": [\"api\"], \"last_synced_at\": \"2026-03-03T10:00:00.000Z\"}]}", 200).json();
        seen.add("PATCH /runs/{runId}/implementation-state");
        assertEquals(7, issues.path("run").path("implementation_state").path("issues").get(0).path("issue_number").asInt());

        // a log an agent wrote into the run's logs/
        f.write("orchestration/runs/" + id + "/logs/agent/output.log", "planning...\ndone\n");
        JsonNode logs = f.call("GET", "/runs/{runId}/logs", "/runs/" + id + "/logs", null, 200).json();
        seen.add("GET /runs/{runId}/logs");
        List<String> logNames = new ArrayList<>();
        logs.path("logs").forEach(l -> logNames.add(l.path("name").asString()));
        assertTrue(logNames.contains("agent/output.log"), logs.toString());
        assertFalse(logNames.contains("run.lock") || logNames.contains("lease.json"), logs.toString());
        ServeFixture.Answer log = f.call("GET", "/runs/{runId}/logs/{logName}", "/runs/" + id + "/logs/agent%2Foutput.log", null, 200);
        seen.add("GET /runs/{runId}/logs/{logName}");
        assertEquals("planning...\ndone\n", log.text());
        f.call("GET", "/runs/{runId}/logs/{logName}", "/runs/" + id + "/logs/..%2Frecord%2FRUN.json", null, 400);
        f.call("GET", "/runs/{runId}/logs/{logName}", "/runs/" + id + "/logs/run.lock", null, 400);

        JsonNode exported = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"exported\"}", 200).json();
        assertEquals("exported", exported.path("run").path("status").asString());
        // a finished run still takes a step report (the seed's planner reports its last step after the pack made it PASSED)
        f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"approve\"}", 200);
        f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"export\"}", 200);
        ServeFixture.Answer lateStatus = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"parsed\"}", 409);
        assertTrue(lateStatus.json().path("message").asString().contains("PASSED"), lateStatus.text());

        JsonNode detail = f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json();
        seen.add("GET /runs/{runId}");
        assertEquals(List.of("run", "artifacts"), fieldNames(detail));
        assertEquals(List.of("created", "parse", "plan", "export", "approve"), fieldNames(detail.path("run").path("step_timestamps")));
        assertEquals("export", detail.path("run").path("current_step").asString());
        Set<String> names = new HashSet<>();
        detail.path("artifacts").forEach(a -> names.add(a.path("name").asString() + " " + a.path("filename").asString()));
        assertEquals(Set.of("architecture_pack architecture_pack.json", "architecture_pack_summary architecture_pack_summary.md",
                "architecture_pack_diagram architecture_pack_diagram.mmd", "notes/run-notes notes/run-notes.md",
                "implementation_issue_state implementation_issue_state.json"), names);

        JsonNode record = f.call("GET", "/runs/{runId}/record", "/runs/" + id + "/record", null, 200).json();
        seen.add("GET /runs/{runId}/record");
        assertEquals("PASSED", record.path("status").asString(), "exported is orun's PASSED");
        assertEquals(1, record.path("invocations").size());

        JsonNode packBack = f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/architecture_pack", null, 200).json();
        seen.add("GET /runs/{runId}/artifacts/{name}");
        assertEquals(List.of("artifact", "payload"), fieldNames(packBack));
        assertEquals(Json.LENIENT.readTree(pack), packBack.path("payload"));
        JsonNode notes = f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/notes%2Frun-notes", null, 200).json();
        assertEquals("# Notes\n\nplanned.\n", notes.path("payload").asString());
        assertEquals("text/markdown", notes.path("artifact").path("content_type").asString());
        f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/architecture_pack.json", null, 200);

        JsonNode list = f.call("GET", "/runs", "/runs", null, 200).json();
        seen.add("GET /runs");
        assertEquals(1, list.path("total").asInt());
        JsonNode item = list.path("runs").get(0);
        assertEquals(List.of("run_id", "created_at", "status", "current_step", "last_updated_at", "input", "execution"), fieldNames(item));
        assertEquals("exported", item.path("status").asString());
        assertEquals(1, f.call("GET", "/runs", "/runs?status=exported", null, 200).json().path("total").asInt());
        assertEquals(1, f.call("GET", "/runs", "/runs?status=PASSED&limit=5", null, 200).json().path("total").asInt());
        assertEquals(0, f.call("GET", "/runs", "/runs?status=parsed", null, 200).json().path("total").asInt());

        ServeFixture.Answer delete = f.call("DELETE", "/runs/{runId}", "/runs/" + id, null, 405);
        seen.add("DELETE /runs/{runId}");
        assertEquals("GET, PATCH", delete.raw().headers().firstValue("Allow").orElse(""));
        assertTrue(delete.json().path("message").asString().contains("git rm"), delete.text());
        assertTrue(Files.isDirectory(f.runDir(id).resolve("record")), "nothing was deleted");
        f.call("GET", "/health", "/health", null, 200);
        seen.add("GET /health");

        OrunCli.Result verify = f.cli.run("run", "verify", "--run", id).assertExit(0);
        assertTrue(verify.out().contains("OK"), verify.describe());

        // orun's own body and operations: a pipeline run with a gate, passed and failed through the API
        String gated = create("planner", "checkout-prd", null);
        f.call("POST", "/runs/{runId}/gates/{gate}/start", "/runs/" + gated + "/gates/P1/start", "{\"agent\": \"planner\"}", 200);
        seen.add("POST /runs/{runId}/gates/{gate}/start");
        f.call("POST", "/runs/{runId}/artifacts", "/runs/" + gated + "/artifacts",
                "{\"name\": \"architecture_pack.json\", \"content_type\": \"application/json\", \"payload\": " + pack + "}", 201);
        JsonNode fin = f.call("POST", "/runs/{runId}/gates/{gate}/finish", "/runs/" + gated + "/gates/P1/finish", null, 200).json();
        assertEquals("PASS", fin.path("status").asString(), fin.toString());
        seen.add("POST /runs/{runId}/gates/{gate}/finish");
        assertEquals("exported", f.call("PATCH", "/runs/{runId}", "/runs/" + gated, "{\"status\": \"PASSED\"}", 200).json()
                .path("run").path("status").asString());
        String other = create("hello", "second", "out/second");
        JsonNode failed = f.call("POST", "/runs/{runId}/gates/{gate}/fail", "/runs/" + other + "/gates/G1/fail",
                "{\"reason\": \"no greeting today\"}", 200).json();
        assertEquals("FAIL", failed.path("status").asString());
        assertEquals("FAILED", failed.path("run_status").asString());
        assertEquals("failed", f.call("GET", "/runs/{runId}", "/runs/" + other, null, 200).json().path("run").path("status").asString());
        seen.add("POST /runs/{runId}/gates/{gate}/fail");
        assertEquals(new HashSet<>(ServeFixture.operations()), seen, "every operation of the API description was called");
        assertFalse(Files.readString(f.runDir(id).resolve("record/RUN.json")).contains("ghp_servetoken1"), "no token in the record");
        f.cli.run("run", "verify", "--all").assertExit(0);
    }

    @Test
    void dispatch_without_github_settings_is_server_misconfigured_and_a_refusal_is_502_naming_the_variable() throws Exception {
        f = new ServeFixture(dir);
        String id = create("hello", "nodisp", "out/nodisp");
        ServeFixture.Answer mis = f.call("POST", "/runs/{runId}/dispatch", "/runs/" + id + "/dispatch", null, 500);
        assertEquals("server_misconfigured", mis.json().path("error").asString());
        assertTrue(mis.json().path("message").asString().contains("GITHUB_WORKFLOW_REPOSITORY"), mis.text());
        f.close();
        f = new ServeFixture(dir, "127.0.0.1", Map.of("GITHUB_API_URL", github.url("/").toString(),
                "GITHUB_WORKFLOW_REPOSITORY", "octo/pass", "PASS_GITHUB_WORKFLOW_TOKEN", "ghp_wrongtoken9"));
        github.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"message\": \"Bad credentials\"}").build());
        byte[] before = f.runJson(id);
        ServeFixture.Answer refused = f.call("POST", "/runs/{runId}/dispatch", "/runs/" + id + "/dispatch", null, 502);
        assertEquals("external", refused.json().path("error").asString());
        assertTrue(refused.json().path("message").asString().contains("PASS_GITHUB_WORKFLOW_TOKEN"), refused.text());
        assertFalse(refused.text().contains("ghp_wrongtoken9"), "the token is never echoed");
        assertArrayEquals(before, f.runJson(id), "a refused dispatch records nothing");
        assertEquals(1, github.getRequestCount(), "a dispatch is never retried");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }

    @Test
    void writes_need_the_bearer_token_missing_and_wrong_are_refused_and_write_nothing() throws Exception {
        f = new ServeFixture(dir);
        String body = "{\"workflow\": \"hello\", \"slug\": \"auth\"}";
        ServeFixture.Answer missing = f.send("POST", "/runs", body, null);
        assertEquals(401, missing.status(), missing.text());
        ServeFixture.conforms("POST", "/runs", missing);
        assertTrue(missing.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(missing.json().path("message").asString().contains("PASS_API_TOKEN"), missing.text());
        ServeFixture.Answer wrong = f.send("POST", "/runs", body, ServeFixture.TOKEN + "x");
        assertEquals(401, wrong.status(), wrong.text());
        ServeFixture.conforms("POST", "/runs", wrong);
        assertFalse(wrong.text().contains(ServeFixture.TOKEN), "the token is never echoed");
        assertFalse(Files.exists(dir.resolve("orchestration/runs")) && Files.list(dir.resolve("orchestration/runs"))
                .anyMatch(p -> p.getFileName().toString().startsWith("run_")), "nothing was created");

        String id = create("hello", "auth", "out/auth");
        ServeFixture.Answer patchNoAuth = f.send("PATCH", "/runs/" + id, "{\"current_step\": \"parse\"}", null);
        assertEquals(401, patchNoAuth.status());
        ServeFixture.Answer startWrong = f.send("POST", "/runs/" + id + "/gates/G1/start", "{}", "nope");
        assertEquals(401, startWrong.status());
        ServeFixture.Answer uploadNoAuth = f.send("POST", "/runs/" + id + "/artifacts",
                "{\"name\": \"x.md\", \"content_type\": \"text/markdown\", \"payload\": \"x\"}", null);
        assertEquals(401, uploadNoAuth.status());
        assertFalse(Files.exists(f.runDir(id).resolve("record/artifacts/x.md")));
        // reads are open on loopback
        assertEquals(200, f.send("GET", "/runs/" + id, null, null).status());
        assertEquals(200, f.send("GET", "/runs", null, null).status());
    }

    @Test
    void reads_from_another_host_need_the_token() throws Exception {
        InetAddress other = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && ni.isUp()) {
                    other = a;
                }
            }
        }
        Assumptions.assumeTrue(other != null, "skipped: this machine has no non-loopback IPv4 address to call from");
        f = new ServeFixture(dir, "0.0.0.0");
        String viaLan = "http://" + other.getHostAddress() + ":" + f.server.port();
        ServeFixture.Answer anonymous = f.send(viaLan, "GET", "/runs", null, null);
        assertEquals(401, anonymous.status(), anonymous.text());
        ServeFixture.conforms("GET", "/runs", anonymous);
        assertEquals(200, f.send(viaLan, "GET", "/runs", null, ServeFixture.TOKEN).status());
        assertEquals(401, f.send(viaLan, "GET", "/ui", null, null).status());
    }

    @Test
    void what_the_cli_writes_shows_in_the_api_at_once_for_a_run_and_within_a_second_in_the_list() throws Exception {
        f = new ServeFixture(dir);
        String id = create("hello", "seen", "out/seen");
        assertEquals(0, f.call("GET", "/runs/{runId}/record", "/runs/" + id + "/record", null, 200).json().path("invocations").size());
        assertEquals(1, f.call("GET", "/runs", "/runs", null, 200).json().path("total").asInt());

        f.cli.run("invocation", "record", "--run", id, "--agent", "from-cli").assertExit(0);
        String other = f.cli.run("run", "start", "--workflow", "hello", "--slug", "cli-made", "--artifact-path", "out/a").assertExit(0).lastLine();

        JsonNode run = f.call("GET", "/runs/{runId}/record", "/runs/" + id + "/record", null, 200).json();
        assertEquals("from-cli", run.path("invocations").get(0).path("agent").asString(), "the run's answer follows its file");
        f.cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        assertEquals("failed", f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json().path("run").path("status").asString(),
                "the seed's view follows the file too");
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean listed = false;
        while (!listed && System.nanoTime() < deadline) {
            listed = f.call("GET", "/runs", "/runs", null, 200).text().contains(other);
            if (!listed) {
                Thread.sleep(100);
            }
        }
        assertTrue(listed, "a run another process made is listed within the list cache's second");
    }

    @Test
    void sixteen_clients_patching_one_run_lose_no_update() throws Exception {
        f = new ServeFixture(dir);
        String id = create("hello", "busy", "out/busy");
        int clients = 16;
        int each = 13;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<Integer> codes = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    codes.add(f.send("PATCH", "/runs/" + id, "{\"current_step\": \"c" + client + "-s" + i + "\"}",
                            ServeFixture.TOKEN).status());
                }
                return codes;
            }));
        }
        int ok = 0;
        for (Future<List<Integer>> r : results) {
            for (int code : r.get()) {
                assertEquals(200, code);
                ok++;
            }
        }
        pool.shutdown();
        assertEquals(clients * each, ok);
        JsonNode detail = f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json();
        assertEquals(clients * each + 1, detail.path("run").path("step_timestamps").size(), "every step of every client is in the record");
        f.cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void a_body_that_breaks_the_schema_is_400_naming_the_field_and_writes_nothing() {
        f = new ServeFixture(dir);
        String id = create("hello", "strict", "out/strict");
        byte[] before = f.runJson(id);

        ServeFixture.Answer badStep = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"Not A Step!\"}", 400);
        assertEquals("/current_step", badStep.json().path("pointer").asString(), badStep.text());
        assertTrue(badStep.json().path("message").asString().contains("/current_step"), badStep.text());
        ServeFixture.Answer unknown = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"PASSED\", \"colour\": \"red\"}", 400);
        assertEquals("/colour", unknown.json().path("pointer").asString(), unknown.text());
        ServeFixture.Answer empty = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{}", 400);
        assertEquals("/", empty.json().path("pointer").asString(), empty.text());
        ServeFixture.Answer notJson = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": ", 400);
        assertTrue(notJson.json().path("message").asString().contains("not JSON"), notJson.text());
        ServeFixture.Answer status = f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"DONE\"}", 400);
        assertEquals("/status", status.json().path("pointer").asString());
        ServeFixture.Answer inv = f.call("POST", "/runs/{runId}/invocations", "/runs/" + id + "/invocations",
                "{\"agent\": \"a\", \"tokens_prompt\": -3}", 400);
        assertEquals("/tokens_prompt", inv.json().path("pointer").asString());
        ServeFixture.Answer noReason = f.call("POST", "/runs/{runId}/gates/{gate}/fail", "/runs/" + id + "/gates/G1/fail", "{}", 400);
        assertEquals("/reason", noReason.json().path("pointer").asString(), noReason.text());
        String huge = "{\"name\": \"big.txt\", \"content_type\": \"text/plain\", \"payload\": \"" + "x".repeat(17 << 20) + "\"}";
        ServeFixture.Answer tooBig = f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts", huge, 413);
        // The unread rest of the body ends the connection; the answer says so, or the client's next request goes into it.
        assertEquals("close", tooBig.raw().headers().firstValue("Connection").orElse(""), tooBig.raw().headers().toString());
        assertArrayEquals(before, f.runJson(id), "RUN.json is unchanged");

        ServeFixture.Answer emptyPrd = f.call("POST", "/runs", "/runs", "{\"prd_text\": \"  \"}", 400);
        assertEquals("/prd_text", emptyPrd.json().path("pointer").asString(), emptyPrd.text());
        ServeFixture.Answer seedExtra = f.call("POST", "/runs", "/runs", "{\"prd_text\": \"# x\", \"colour\": \"red\"}", 400);
        assertEquals("/colour", seedExtra.json().path("pointer").asString(), seedExtra.text());
        ServeFixture.Answer noWorkflow = f.call("POST", "/runs", "/runs", "{\"slug\": \"x\"}", 400);
        assertEquals("/workflow", noWorkflow.json().path("pointer").asString(), noWorkflow.text());
        ServeFixture.Answer badSlug = f.call("POST", "/runs", "/runs", "{\"workflow\": \"hello\", \"slug\": \"Bad Slug\"}", 400);
        assertEquals("/slug", badSlug.json().path("pointer").asString());
        assertEquals(1, f.call("GET", "/runs", "/runs", null, 200).json().path("total").asInt(), "no run was created");

        f.call("GET", "/runs/{runId}", "/runs/run_20990101T000000000Z_nope_abcdef", null, 404);
        f.call("GET", "/runs/{runId}", "/runs/" + id + "%2F..%2F" + id, null, 404);
        f.call("PATCH", "/runs/{runId}", "/runs/" + id + "%2F..%2F..%2F..", "{\"current_step\": \"x\"}", 404);
        f.call("POST", "/runs", "/runs", "{\"workflow\": \"no-such\", \"slug\": \"x\"}", 404);
        f.call("POST", "/runs/{runId}/gates/{gate}/finish", "/runs/" + id + "/gates/G1/finish", null, 409);
        f.call("POST", "/runs/{runId}/gates/{gate}/start", "/runs/" + id + "/gates/G9/start", "{}", 404);
    }

    @Test
    void an_artifact_name_that_escapes_record_artifacts_is_refused() {
        f = new ServeFixture(dir);
        String id = create("hello", "escape", "out/escape");
        byte[] before = f.runJson(id);
        for (String name : List.of("../RUN.json", "../../logs/x.md", "a/../../RUN.json", "/etc/passwd", "a//b.md", "./x.md",
                "a\\\\..\\\\b.md", "..")) {
            ServeFixture.Answer a = f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                    "{\"name\": \"" + name + "\", \"content_type\": \"text/plain\", \"payload\": \"pwned\"}", 400);
            assertEquals("/name", a.json().path("pointer").asString(), name + ": " + a.text());
            assertTrue(a.json().path("message").asString().contains("record/artifacts"), a.text());
        }
        assertArrayEquals(before, f.runJson(id), "RUN.json is unchanged");
        f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/..%2FRUN.json", null, 400);
        ServeFixture.Answer text = f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                "{\"name\": \"x.md\", \"content_type\": \"text/markdown\", \"payload\": {\"not\": \"text\"}}", 400);
        assertEquals("/payload", text.json().path("pointer").asString());
    }
}
