package dev.orun.plan;

import dev.orun.cli.OrunCli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.orun.plan.PlanTestSupport.filesContaining;
import static dev.orun.plan.PlanTestSupport.repoWithExamplePrd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12, item 4: no known secret reaches anything orun writes or prints, in any form a server may echo it. */
class SecretLeakTest {
    static final String KEY = "sk-ant-test-7Qz1-SECRET-do-not-leak";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @StartStop
    final MockWebServer elsewhere = new MockWebServer();

    @TempDir
    Path dir;

    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    private void assertNowhere(OrunCli.Result r, String secret) {
        assertFalse(r.out().contains(secret), "stdout holds the secret" + r.describe());
        assertFalse(r.err().contains(secret), "stderr holds the secret" + r.describe());
        assertEquals(List.of(), filesContaining(dir, secret), "files hold the secret");
    }

    @Test
    void a_key_echoed_json_escaped_by_the_provider_reaches_no_output_record_or_log() throws Exception {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key: "
                + jsonEscaped(KEY.substring(0, 2)) + KEY.substring(2) + " and " + jsonEscaped(KEY) + "\"}}";
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json").body(body).build());
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_API_KEY", KEY).env("ANTHROPIC_BASE_URL", server.url("/v1").toString());

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md");
        OrunCli.Result json = cli.run("run", "list", "--json");

        assertTrue(r.exit() != 0, r.describe());
        assertNowhere(r, KEY);
        assertNowhere(json, KEY);
        assertTrue((r.out() + r.err()).contains("[REDACTED]") || filesContaining(dir, "[REDACTED]").size() > 0, r.describe());
    }

    @Test
    void a_key_with_a_trailing_carriage_return_or_a_non_ascii_letter_is_refused_naming_the_variable_not_the_value() throws Exception {
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_BASE_URL", server.url("/v1").toString());
        for (String bad : List.of(KEY + "\r" + "x", KEY.replace('Q', 'Ü'))) {
            OrunCli.Result r = cli.env("ANTHROPIC_API_KEY", bad).run("plan", "--prd", "docs/example-prd.md", "--provider", "anthropic");
            assertEquals(2, r.exit(), r.describe());
            assertTrue(r.err().contains("ANTHROPIC_API_KEY"), r.describe());
            assertFalse((r.out() + r.err()).contains("7Qz1") || (r.out() + r.err()).contains("do-not-leak"), r.describe());
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void a_redirect_to_another_port_is_not_followed_with_the_key() throws Exception {
        server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", elsewhere.url("/v1/messages").toString()).build());
        elsewhere.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_API_KEY", KEY).env("ANTHROPIC_BASE_URL", server.url("/v1").toString());

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md");

        assertEquals(5, r.exit(), r.describe());
        assertEquals(0, elsewhere.getRequestCount(), "the other host received the request (and x-api-key)");
        assertTrue(r.err().contains("redirect"), r.describe());
        assertNowhere(r, KEY);
    }

    @Test
    void a_base_url_with_user_info_is_written_nowhere() throws Exception {
        String password = "pw-7Qz1-SECRET-in-url";
        int port = server.getPort();
        server.close();
        OrunCli cli = repoWithExamplePrd(dir).env("ANTHROPIC_API_KEY", KEY)
                .env("ANTHROPIC_BASE_URL", "http://someone:" + password + "@127.0.0.1:" + port + "/v1");

        OrunCli.Result r = cli.run("plan", "--prd", "docs/example-prd.md");

        assertEquals(5, r.exit(), r.describe());
        assertNowhere(r, password);
        assertNowhere(r, "someone:");
    }

    @Test
    void init_keeps_dot_env_out_of_git() throws Exception {
        OrunCli.initialisedRepo(dir);
        assertTrue(Files.readString(dir.resolve(".gitignore")).lines().anyMatch(".env"::equals));
        Files.writeString(dir.resolve(".env"), "ANTHROPIC_API_KEY=" + KEY + "\n");
        assertEquals("", OrunCli.git(dir, "status", "--porcelain", "--", ".env").strip());
    }
}
