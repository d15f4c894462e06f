package dev.orun.agent;

import dev.orun.cli.OrunCli;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents' and models' text reaching {@code record/} is scrubbed; the files a gate produced are not. */
class RecordScrubTest {
    static final String KEY = "sk-ant-agent-test-Zq81-SECRET";
    static final String EMAIL = "jane.doe@example.org";
    static final String PHONE = "+1 415-555-0100";
    static final String GH_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    OrunCli repo(ToolUseStandIn model) throws IOException {
        server.setDispatcher(model);
        OrunCli cli = OrunCli.initialisedRepo(dir).env("ANTHROPIC_API_KEY", KEY)
                .env("ANTHROPIC_BASE_URL", server.url("/v1").toString()).sleeper(d -> { });
        write("orchestration/agents/greeter.md", "# Greeter\n\nYou write short, warm greetings.\n");
        return cli;
    }

    void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    Path recordDir(String id) {
        return dir.resolve("orchestration/runs/" + id + "/record");
    }

    /** Every file under record/, as text. */
    String recordText(String id) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(recordDir(id))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(p)).append('\n');
            }
        }
        return all.toString();
    }

    static void assertScrubbed(String text, List<String> planted) {
        for (String p : planted) {
            assertFalse(text.contains(p), "no " + p + " in the record:\n" + text);
        }
    }

    @Test
    void a_models_error_text_is_scrubbed_in_the_invocation_the_agent_run_the_failure_reason_and_the_events() throws Exception {
        String said = "org owner " + EMAIL + " (call " + PHONE + ") must renew token " + GH_TOKEN;
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .status(400, null, null, "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", \"message\": \""
                        + said + "\"}}");
        OrunCli cli = repo(model);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();

        OrunCli.Result r = cli.run("agent", "execute", "--run", id, "--gate", "G1");
        assertTrue(r.exit() != 0, r.describe());

        String record = recordText(id);
        assertScrubbed(record, List.of(EMAIL, "415-555-0100", GH_TOKEN, KEY));
        JsonNode run = Json.LENIENT.readTree(recordDir(id).resolve("RUN.json").toFile());
        JsonNode attempt = run.at("/gates/0/attempts/0");
        assertEquals("error", attempt.at("/agent_run/stop_reason").asString(), attempt.toString());
        assertTrue(attempt.at("/agent_run/detail").asString().contains("[REDACTED:email]"), attempt.toString());
        assertTrue(attempt.path("failure_reason").asString().contains("[REDACTED:github-token]"), attempt.toString());
        assertTrue(run.at("/invocations/0/reason").asString().contains("[REDACTED:phone]"), run.toString());
        assertTrue(run.path("events").toString().contains("[REDACTED:email]"), "the event messages are scrubbed too");
        cli.run("run", "verify", "--run", id).assertExit(0); // the attempt file and its copy in RUN.json agree; the chain holds
    }

    @Test
    void a_reason_an_agent_gives_is_scrubbed_with_the_repositorys_own_patterns_and_the_gates_files_keep_their_bytes() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write("orchestration/orun.yaml", "scrub:\n  patterns:\n    - name: ticket\n      regex: 'CASE-[0-9]{4}'\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        // G1 passes on a file the agent wrote with an address in it: the product, hashed as it is.
        String greeting = "# Hello\n\nWritten for " + EMAIL + ", " + PHONE + ".\n";
        write("out/demo/GREETING.md", greeting);
        cli.run("gate", "start", "--run", id, "--gate", "G1", "--agent", "greeter").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "start", "--run", id, "--gate", "G2", "--agent", "greeter").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G2", "--reason", "blocked: ask " + EMAIL + " about CASE-1234, key "
                + KEY.replace("agent-test", "api03-plantedplanted")).assertExit(0);

        assertEquals(greeting, Files.readString(dir.resolve("out/demo/GREETING.md")), "a gate's output is never scrubbed");
        JsonNode run = Json.LENIENT.readTree(recordDir(id).resolve("RUN.json").toFile());
        JsonNode artifact = run.at("/gates/0/attempts/0/artifacts").findValue("sha256");
        assertEquals(Sha256.hex(greeting.getBytes(java.nio.charset.StandardCharsets.UTF_8)), artifact.asString());
        String reason = run.at("/gates/1/attempts/0/failure_reason").asString();
        assertEquals("blocked: ask [REDACTED:email] about [REDACTED:ticket], key [REDACTED:anthropic-key]", reason);
        JsonNode file = Json.LENIENT.readTree(recordDir(id).resolve("gates/G2/attempt-1.json").toFile());
        assertEquals(reason, file.path("failure_reason").asString(), "the attempt file holds the scrubbed reason");
        assertScrubbed(recordText(id), List.of(EMAIL, "CASE-1234", "plantedplanted"));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void scrub_records_false_keeps_the_text_as_it_came() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write("orchestration/orun.yaml", "scrub:\n  records: false\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1", "--agent", "greeter").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "ask " + EMAIL).assertExit(0);
        JsonNode run = Json.LENIENT.readTree(recordDir(id).resolve("RUN.json").toFile());
        assertEquals("ask " + EMAIL, run.at("/gates/0/attempts/0/failure_reason").asString());
    }
}
