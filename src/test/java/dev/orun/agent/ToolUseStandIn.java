package dev.orun.agent;

import dev.orun.schema.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted model on 127.0.0.1 playing a tool-use conversation: each request gets the next scripted answer, in the
 * Anthropic Messages API's shape or an OpenAI-compatible chat-completions shape. Every request body is kept, so a
 * test can read what orun sent back (tool results, the system prompt, the packet).
 */
final class ToolUseStandIn extends Dispatcher {
    enum Api { ANTHROPIC, OPENAI }

    private final Api api;
    private final List<Function<JsonNode, MockResponse>> script = new ArrayList<>();
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    final List<RecordedRequest> raw = Collections.synchronizedList(new ArrayList<>());
    private int next;
    private long inputPerRound = 1000;
    private long outputPerRound = 200;
    private long cacheRead = 100;
    private long cacheCreation;
    private boolean openAiCached;
    /** When set, the request of this (1-based) round blocks until {@link #release}. */
    private int hangAt;
    private final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch hung = new CountDownLatch(1);

    ToolUseStandIn(Api api) {
        this.api = api;
    }

    ToolUseStandIn usage(long in, long out) {
        this.inputPerRound = in;
        this.outputPerRound = out;
        return this;
    }

    /**
     * The cached part of each round's input: Anthropic's cache_read/cache_creation_input_tokens (input_tokens is the
     * rest), and for OpenAI-compatible servers prompt_tokens_details.cached_tokens (the reads).
     */
    ToolUseStandIn cache(long read, long creation) {
        this.cacheRead = read;
        this.cacheCreation = creation;
        this.openAiCached = true;
        return this;
    }

    ToolUseStandIn hangAt(int round) {
        this.hangAt = round;
        return this;
    }

    void release() {
        release.countDown();
    }

    /** The model calls these tools, each {name, input} given as name, JSON input, name, JSON input, … */
    ToolUseStandIn tools(String... nameAndInput) {
        script.add(req -> api == Api.ANTHROPIC ? anthropicTools(nameAndInput) : openAiTools(nameAndInput));
        return this;
    }

    /** The model stops with this text. */
    ToolUseStandIn end(String text) {
        script.add(req -> api == Api.ANTHROPIC ? anthropicEnd(text) : openAiEnd(text));
        return this;
    }

    /** A raw HTTP answer (e.g. 429 with Retry-After). */
    ToolUseStandIn status(int code, String header, String value, String body) {
        script.add(req -> {
            MockResponse.Builder b = new MockResponse.Builder().code(code).addHeader("content-type", "application/json").body(body);
            if (header != null) {
                b.addHeader(header, value);
            }
            return b.build();
        });
        return this;
    }

    int answered() {
        return next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        JsonNode body = Json.LENIENT.readTree(request.getBody().utf8());
        int n;
        Function<JsonNode, MockResponse> step;
        synchronized (this) {
            requests.add(body);
            raw.add(request);
            n = next++;
            step = n < script.size() ? script.get(n) : null;
        }
        if (hangAt > 0 && n + 1 == hangAt) {
            hung.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (step == null) {
            return new MockResponse.Builder().code(500).body("{\"error\": {\"type\": \"script\", \"message\": \"no more answers\"}}").build();
        }
        return step.apply(body);
    }

    private MockResponse json(ObjectNode body) {
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body(Json.STRICT.writeValueAsString(body)).build();
    }

    private MockResponse anthropicTools(String[] nameAndInput) {
        ObjectNode root = anthropicRoot("tool_use");
        ArrayNode content = (ArrayNode) root.get("content");
        content.addObject().put("type", "text").put("text", "Working on it.");
        for (int i = 0; i < nameAndInput.length; i += 2) {
            ObjectNode use = content.addObject();
            use.put("type", "tool_use");
            use.put("id", "toolu_" + next + "_" + i);
            use.put("name", nameAndInput[i]);
            use.set("input", Json.LENIENT.readTree(nameAndInput[i + 1]));
        }
        return json(root);
    }

    private MockResponse anthropicEnd(String text) {
        ObjectNode root = anthropicRoot("end_turn");
        ((ArrayNode) root.get("content")).addObject().put("type", "text").put("text", text);
        return json(root);
    }

    private ObjectNode anthropicRoot(String stop) {
        ObjectNode root = Json.STRICT.createObjectNode();
        root.put("id", "msg_" + next);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", "claude-sonnet-4-5-20250929");
        root.putArray("content");
        root.put("stop_reason", stop);
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", inputPerRound - cacheRead - cacheCreation);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("cache_creation_input_tokens", cacheCreation);
        usage.put("output_tokens", outputPerRound);
        return root;
    }

    private MockResponse openAiTools(String[] nameAndInput) {
        ObjectNode root = openAiRoot("tool_calls");
        ObjectNode message = (ObjectNode) root.at("/choices/0/message");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i < nameAndInput.length; i += 2) {
            ObjectNode c = calls.addObject();
            c.put("id", "call_" + next + "_" + i);
            c.put("type", "function");
            c.putObject("function").put("name", nameAndInput[i]).put("arguments", nameAndInput[i + 1]);
        }
        return json(root);
    }

    private MockResponse openAiEnd(String text) {
        ObjectNode root = openAiRoot("stop");
        ((ObjectNode) root.at("/choices/0/message")).put("content", text);
        return json(root);
    }

    private ObjectNode openAiRoot(String finish) {
        ObjectNode root = Json.STRICT.createObjectNode();
        root.put("id", "chatcmpl-" + next);
        root.put("object", "chat.completion");
        root.put("model", "qwen2.5-coder:7b");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant");
        choice.put("finish_reason", finish);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", inputPerRound);
        usage.put("completion_tokens", outputPerRound);
        usage.put("total_tokens", inputPerRound + outputPerRound);
        if (openAiCached) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        }
        return root;
    }
}
