package dev.orun.serve;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
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
        f = new ServeFixture(dir);
        Set<String> seen = new HashSet<>();
        String id = create("planner", "checkout-prd", null);

        seen.add("POST /runs");
        f.call("POST", "/runs/{runId}/gates/{gate}/start", "/runs/" + id + "/gates/P1/start", "{\"agent\": \"planner\"}", 200);
        seen.add("POST /runs/{runId}/gates/{gate}/start");
        for (String step : List.of("parse", "plan", "parse", "export")) {
            f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"current_step\": \"" + step + "\"}", 200);
        }
        seen.add("PATCH /runs/{runId}");
        String pack = Files.readString(SEED_PACK);
        JsonNode up = f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                "{\"name\": \"architecture_pack.json\", \"content_type\": \"application/json\", \"payload\": " + pack + "}", 201).json();
        assertEquals("orchestration/runs/" + id + "/record/artifacts/architecture_pack.json", up.path("artifact").path("path").asString());
        f.call("POST", "/runs/{runId}/artifacts", "/runs/" + id + "/artifacts",
                "{\"name\": \"notes/run-notes.md\", \"content_type\": \"text/markdown\", \"payload\": \"# Notes\\n\\nplanned.\\n\"}", 201);
        seen.add("POST /runs/{runId}/artifacts");
        f.call("POST", "/runs/{runId}/invocations", "/runs/" + id + "/invocations",
                "{\"gate\": \"P1\", \"agent\": \"planner\", \"model\": \"claude-x\", \"provider\": \"anthropic\", "
                        + "\"tokens_prompt\": 1200, \"tokens_completion\": 800, \"duration_ms\": 5400}", 201);
        seen.add("POST /runs/{runId}/invocations");
        JsonNode fin = f.call("POST", "/runs/{runId}/gates/{gate}/finish", "/runs/" + id + "/gates/P1/finish", null, 200).json();
        assertEquals("PASS", fin.path("status").asString(), fin.toString());
        seen.add("POST /runs/{runId}/gates/{gate}/finish");
        f.call("PATCH", "/runs/{runId}", "/runs/" + id, "{\"status\": \"PASSED\"}", 200);

        JsonNode detail = f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json();
        seen.add("GET /runs/{runId}");
        assertEquals("PASSED", detail.path("run").path("status").asString());
        assertEquals(List.of("parse", "plan", "export"), fieldNames(detail.path("step_timestamps")));
        assertEquals(1, detail.path("run").path("invocations").size());
        Set<String> paths = new HashSet<>();
        detail.path("artifacts").forEach(a -> paths.add(a.path("resolved_path").asString()));
        String art = "orchestration/runs/" + id + "/record/artifacts/";
        assertEquals(Set.of(art + "architecture_pack.json", art + "architecture_pack_summary.md",
                art + "architecture_pack_diagram.mmd", art + "notes/run-notes.md"), paths);

        JsonNode fetched = f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/notes/run-notes.md", null, 200).json();
        assertEquals("# Notes\n\nplanned.\n", fetched.path("payload").asString());
        JsonNode packBack = f.call("GET", "/runs/{runId}/artifacts/{name}", "/runs/" + id + "/artifacts/architecture_pack.json", null, 200).json();
        assertEquals(Json.LENIENT.readTree(pack), packBack.path("payload"));
        seen.add("GET /runs/{runId}/artifacts/{name}");

        JsonNode list = f.call("GET", "/runs", "/runs", null, 200).json();
        assertEquals(1, list.path("total").asInt());
        assertEquals(id, list.path("runs").get(0).path("run_id").asString());
        seen.add("GET /runs");
        f.call("GET", "/health", "/health", null, 200);
        seen.add("GET /health");

        OrunCli.Result verify = f.cli.run("run", "verify", "--run", id).assertExit(0);
        assertTrue(verify.out().contains("OK"), verify.describe());

        // the fail endpoint, on a second run
        String other = create("hello", "second", "out/second");
        JsonNode failed = f.call("POST", "/runs/{runId}/gates/{gate}/fail", "/runs/" + other + "/gates/G1/fail",
                "{\"reason\": \"no greeting today\"}", 200).json();
        assertEquals("FAIL", failed.path("status").asString());
        assertEquals("FAILED", failed.path("run_status").asString());
        seen.add("POST /runs/{runId}/gates/{gate}/fail");
        assertEquals(new HashSet<>(ServeFixture.operations()), seen, "every operation of the API description was called");
        f.cli.run("run", "verify", "--all").assertExit(0);
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
        assertEquals(0, f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json().path("run").path("invocations").size());
        assertEquals(1, f.call("GET", "/runs", "/runs", null, 200).json().path("total").asInt());

        f.cli.run("invocation", "record", "--run", id, "--agent", "from-cli").assertExit(0);
        String other = f.cli.run("run", "start", "--workflow", "hello", "--slug", "cli-made", "--artifact-path", "out/a").assertExit(0).lastLine();

        JsonNode run = f.call("GET", "/runs/{runId}", "/runs/" + id, null, 200).json().path("run");
        assertEquals("from-cli", run.path("invocations").get(0).path("agent").asString(), "the run's answer follows its file");
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
        assertEquals(clients * each, detail.path("step_timestamps").size(), "every step of every client is in the record");
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
