package dev.orun.plan;

import dev.orun.schema.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model stand-in for tests: answers Anthropic Messages or OpenAI chat-completions requests with the recorded
 * section answers for the example PRD ({@code src/test/resources/plan/remindly/<section>.json}), chosen by the
 * forced tool / response-format name. Queued overrides answer a section first (e.g. a wrong answer).
 */
public final class ModelStandIn extends Dispatcher {
    public enum Api { ANTHROPIC, OPENAI }

    private final Api api;
    private final Map<String, Deque<JsonNode>> overrides = new HashMap<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public ModelStandIn(Api api) {
        this.api = api;
    }

    public static JsonNode fixture(String section) {
        try (InputStream in = ModelStandIn.class.getResourceAsStream("/plan/remindly/" + section + ".json")) {
            return Json.LENIENT.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer for {@code section} is {@code answer} (then the fixture again). */
    public ModelStandIn answerFirst(String section, JsonNode answer) {
        overrides.computeIfAbsent(section, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    public List<JsonNode> bodies() {
        return bodies;
    }

    public List<RecordedRequest> requests() {
        return requests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        JsonNode body = Json.LENIENT.readTree(request.getBody().utf8());
        bodies.add(body);
        String name = api == Api.ANTHROPIC ? body.path("tool_choice").path("name").asString()
                : body.path("response_format").path("json_schema").path("name").asString();
        String section = name.replaceFirst("^submit_", "");
        Deque<JsonNode> queued = overrides.get(section);
        JsonNode answer = queued != null && !queued.isEmpty() ? queued.poll() : fixture(section);
        ObjectNode out = Json.STRICT.createObjectNode();
        if (api == Api.ANTHROPIC) {
            out.put("id", "msg_test").put("type", "message").put("role", "assistant").put("model", body.path("model").asString());
            ObjectNode use = out.putArray("content").addObject();
            use.put("type", "tool_use").put("id", "toolu_test").put("name", name);
            use.set("input", answer);
            out.put("stop_reason", "tool_use");
            out.putNull("stop_sequence");
            out.putObject("usage").put("input_tokens", 1200).put("output_tokens", 300);
        } else {
            out.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", body.path("model").asString());
            ObjectNode choice = out.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", Json.STRICT.writeValueAsString(answer));
            out.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 250).put("total_tokens", 1250);
        }
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body(Json.STRICT.writeValueAsString(out)).build();
    }
}
