package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.http.Sleeper;
import dev.orun.schema.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Anthropic client against a real HTTP server on 127.0.0.1: retries, waits and failures. */
class AnthropicClientTest {
    static final String KEY = "sk-ant-client-test-SECRET";
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final String OK = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
            + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"submit_core\",\"input\":{\"actors\":[\"Patient\"]}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":11,\"output_tokens\":7}}";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final List<Duration> slept = new ArrayList<>();
    final Sleeper sleeper = slept::add;

    private AnthropicClient client() {
        return new AnthropicClient(server.url("/v1").toString(), KEY, "2023-06-01", "claude-sonnet-4-6",
                AnthropicClient.policy(Duration.ofSeconds(5)), sleeper, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static StructuredRequest request() {
        JsonNode schema = Json.LENIENT.readTree("{\"type\":\"object\",\"properties\":{\"actors\":{\"type\":\"array\"}},\"required\":[\"actors\"]}");
        return new StructuredRequest("submit_core", "Submit it.", "system text", "prompt text", schema, 350, "01-core.attempt-1");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json").body(body).build();
    }

    @Test
    void a_429_with_retry_after_is_retried_after_that_many_seconds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "2")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
        server.enqueue(json(200, OK));

        StructuredAnswer answer = client().ask(request());

        assertEquals(List.of(Duration.ofSeconds(2)), slept);
        assertEquals(2, server.getRequestCount());
        assertEquals("Patient", answer.value().at("/actors/0").asString());
        assertEquals(11, answer.tokens().prompt());
        assertEquals(7, answer.tokens().completion());
        assertNull(answer.problem());
    }

    @Test
    void retry_after_ms_wins_and_a_529_is_retried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(529).addHeader("retry-after-ms", "1500").addHeader("retry-after", "9").build());
        server.enqueue(json(200, OK));

        client().ask(request());

        assertEquals(List.of(Duration.ofMillis(1500)), slept);
    }

    @Test
    void without_retry_after_the_latest_anthropic_ratelimit_reset_is_awaited() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429)
                .addHeader("anthropic-ratelimit-requests-reset", "2026-03-02T10:00:03Z")
                .addHeader("anthropic-ratelimit-tokens-reset", "2026-03-02T10:00:07Z").build());
        server.enqueue(json(200, OK));

        client().ask(request());

        assertEquals(List.of(Duration.ofSeconds(7)), slept);
    }

    @Test
    void a_server_error_on_every_attempt_exits_5_after_the_retries() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(503, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}"));
        }

        OrunException e = assertThrows(OrunException.class, () -> client().ask(request()));

        assertEquals(Exit.EXTERNAL, e.exit());
        assertEquals("Anthropic answered 503 api_error: down after 4 attempts: try again later", e.getMessage());
        assertEquals(4, server.getRequestCount());
        assertEquals(3, slept.size());
    }

    @Test
    void a_403_is_not_retried_and_names_the_variable_not_the_key() {
        server.enqueue(json(403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"key " + KEY + " has no access\"}}"));

        OrunException e = assertThrows(OrunException.class, () -> client().ask(request()));

        assertEquals(Exit.EXTERNAL, e.exit());
        assertTrue(e.getMessage().contains("check ANTHROPIC_API_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertEquals(1, server.getRequestCount());
        assertTrue(slept.isEmpty());
    }

    @Test
    void an_answer_cut_off_at_max_tokens_is_a_problem_to_repair_not_a_value() throws Exception {
        server.enqueue(json(200, OK.replace("\"tool_use\",\"usage\"", "\"max_tokens\",\"usage\"")));

        StructuredAnswer answer = client().ask(request());

        assertNull(answer.value());
        assertTrue(answer.problem().startsWith("the answer was cut off at max_tokens=350"), answer.problem());
    }

    @Test
    void an_answer_without_the_tool_call_is_a_problem_to_repair() throws Exception {
        server.enqueue(json(200, "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"x\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Sure! Here is JSON\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));

        StructuredAnswer answer = client().ask(request());

        assertNull(answer.value());
        assertEquals("the answer did not call the tool submit_core with an object: call it exactly once", answer.problem());
    }

    @Test
    void an_unreachable_server_exits_5_naming_the_base_url_variable() throws Exception {
        AnthropicClient c = new AnthropicClient("http://127.0.0.1:9/v1", KEY, "2023-06-01", "m",
                AnthropicClient.policy(Duration.ofSeconds(2)), sleeper, Clock.fixed(NOW, ZoneOffset.UTC));

        OrunException e = assertThrows(OrunException.class, () -> c.ask(request()));

        assertEquals(Exit.EXTERNAL, e.exit());
        assertTrue(e.getMessage().startsWith("cannot reach Anthropic at http://127.0.0.1:9/v1/messages"), e.getMessage());
        assertTrue(e.getMessage().contains("check ANTHROPIC_BASE_URL"), e.getMessage());
    }
}
